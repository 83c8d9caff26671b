# The guest ABI (guestabi/abi/*.json) and what is generated from it: included by the
# main Makefile. `make abi` regenerates guestabi/include/ringwall/abi.h,
# guestabi/generated/*.cs and docs/abi.md; `make abi-check` changes nothing and fails,
# naming each file, while a generated file is stale.

DOTNET ?= dotnet
ABIGEN := $(DOTNET) run --project tools/AbiGen -c Release -v q --

.PHONY: abi abi-check

abi:
	$(ABIGEN)

abi-check:
	$(ABIGEN) --check
