#!/usr/bin/env bash
# Explains a QEMU exit status from `make run` (see kernel/Runtime/Ringwall/ExitStatus.cs).
status=$1
case "$status" in
  33)  echo "== Ringwall shut down cleanly (exit status 33)"; exit 0 ;;
  35)  echo "== Ringwall reported a failure (exit status 35)" ;;
  1)   echo "== QEMU failed to start (exit status 1)" ;;
  225) echo "== Ringwall panicked (exit status 225)" ;;
  227) echo "== CPU exception in the VMM (exit status 227)" ;;
  229) echo "== not enough memory to boot (exit status 229)" ;;
  124) echo "== timed out: QEMU killed after the run timeout" ;;
  0)   echo "== the machine reset (triple fault): exit status 0" ;;
  *)   echo "== QEMU exited with status $status" ;;
esac
exit 1
