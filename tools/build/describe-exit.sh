#!/usr/bin/env bash
# Explains a QEMU exit status from `make run` (see kernel/Runtime/Ringwall/ExitStatus.cs).
status=$1
case "$status" in
  33)  echo "== Ringwall shut down cleanly (exit status 33)"; exit 0 ;;
  35)  echo "== Ringwall reported a failure (exit status 35)" ;;
  1)   echo "== QEMU failed to start (exit status 1)" ;;
  193) echo "== all domains stopped; the first one crashed or was destroyed (exit status 193)" ;;
  65|67|69|71|73|75|77|79|8[13579]|9[13579]|1[0-8][13579]|19[1])
       code=$(( (status >> 1) - 0x20 ))
       echo "== all domains stopped; the first one exited with code $code (exit status $status)"
       [ "$code" -eq 0 ] && exit 0 ;;
  225) echo "== Ringwall panicked (exit status 225)" ;;
  227) echo "== CPU exception in the VMM (exit status 227)" ;;
  229) echo "== not enough memory to boot (exit status 229)" ;;
  124) echo "== timed out: QEMU killed after the run timeout" ;;
  0)   echo "== the machine reset (triple fault): exit status 0" ;;
  *)   echo "== QEMU exited with status $status" ;;
esac
exit 1
