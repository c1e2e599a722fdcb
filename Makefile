# ipcconform's entry points. `make help` lists them.

GO ?= go
ARCHS ?= installed
MIXED ?= s390x,arm,386
OUT ?= report
ACTIONLINT ?= github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

FUZZTIME ?= 5m
BENCH_OUT ?= bench-report
BENCH_COUNT ?= 5

.PHONY: help test conformance matrix toolchains merge layout-report fuzz bench timings lint clean-cache

help:
	@echo 'make test            go test ./... (native, every pairing, every fixture)'
	@echo 'make conformance     the main job: the whole matrix on every installed architecture, reports in $(OUT)/'
	@echo 'make matrix          the same, with ARCHS=, MIXED= and SHARD=i/n to choose and split the cells'
	@echo 'make toolchains      find, and as root install, the cross compilers and qemu-user'
	@echo 'make merge REPORTS=  merge the JSON reports of a sharded run'
	@echo 'make layout-report   the layout report; ARCH=arm STRUCT=some_data_structure for one, side by side'
	@echo 'make fuzz            every fuzz target of the Go decoders for FUZZTIME each (default 5m; a count such as 300000x sets no deadline)'
	@echo 'make bench           Go against C on every mechanism and pairing: $(BENCH_OUT)/bench.md, ratio.svg, bench.txt'
	@echo 'make timings         wall times of go test ./... cold, warm and unchanged; TIMINGS_MATRIX=1 adds the full matrix;'
	@echo '                     TIMINGS_BASELINE=<commit> times instead the full matrix of that commit and of this tree, cold and warm, back to back;'
	@echo '                     TIMINGS_ARCHS=mips,s390x (and MIXED=) times a slice of the matrix instead of every installed architecture'
	@echo 'make lint            gofmt, go vet, actionlint'
	@echo 'make clean-cache     remove the built peers'

test:
	$(GO) test ./...

conformance matrix:
	$(GO) run ./cmd/ipcconform -archs $(ARCHS) -mixed '$(MIXED)' -out $(OUT) $(if $(SHARD),-shard $(SHARD))

toolchains:
	$(GO) run ./cmd/ipcconform toolchains -archs all

merge:
	$(GO) run ./cmd/ipcconform merge -out $(OUT) $(REPORTS)

layout-report:
	$(GO) run ./cmd/layoutreport $(if $(ARCH),-arch $(ARCH)) $(if $(STRUCT),-struct $(STRUCT))

FUZZ_PACKAGES ?= ./gosides/decode ./gosides/rpcxdr

fuzz:
	for p in $(FUZZ_PACKAGES); do \
		for t in $$($(GO) test -list 'Fuzz.*' $$p | grep '^Fuzz'); do \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime=$(FUZZTIME) $$p || exit 1; \
		done; \
	done

bench:
	$(GO) run ./cmd/benchreport -out $(BENCH_OUT) -count $(BENCH_COUNT)

timings:
	$(GO) run ./cmd/suitetime $(if $(or $(TIMINGS_MATRIX),$(TIMINGS_BASELINE)),-matrix -mixed '$(MIXED)' -archs $(or $(TIMINGS_ARCHS),installed)) $(if $(TIMINGS_BASELINE),-baseline $(TIMINGS_BASELINE))

lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) run $(ACTIONLINT)

clean-cache:
	rm -rf "$${IPCCONFORM_CACHE:-$$HOME/.cache/ipcconform/peers}"
