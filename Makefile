# rekindle: the two commands.
#   make run    install what is missing, build, migrate and serve on http://127.0.0.1:8080
#   make test   build and run every suite: unit, API on SQLite and on PostgreSQL, browser
# Other targets: make build, make web, make unit, make api, make e2e, make crash-test,
# make soak, make bench, make clean,
#   make fuzz (each fuzz target for FUZZ_SECONDS, default 60), make fuzz-smoke (each over
#   its committed corpus only).

SHELL := /bin/bash
BUILD ?= build
BIN := $(BUILD)/rekindle
STAMPS := .stamps
WEB_SOURCES := $(shell find web/src web/public web/index.html web/vite.config.ts web/tsconfig.json web/scripts -type f 2>/dev/null)

FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all deps build web run test unit contract api api-sqlite api-postgresql crash crash-test e2e soak bench screenshots lighthouse clean \
  fuzz fuzz-smoke fuzz-build fuzz-deps

all: build

# Debian packages: checked every time (quick when all are present).
deps:
	@scripts/bootstrap.sh

# npm packages, pinned by the committed lock file. `npm install` rather than `npm ci`:
# npm leaves other platforms' optional binaries out of the lock (npm/cli#4828), which
# npm 11's `npm ci` then refuses; `npm install` installs the same locked versions.
$(STAMPS)/npm: web/package.json web/package-lock.json | deps
	cd web && npm install --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja

build: deps $(BUILD)/build.ninja web
	cmake --build $(BUILD) -j 2

web: web/dist/index.html

web/dist/index.html: $(STAMPS)/npm $(WEB_SOURCES) src/platform/live/protocol.json
	cd web && npm run --silent build

run: build
	@mkdir -p var
	$(BIN) serve

# Every suite runs inside one throwaway PostgreSQL cluster (tests/support/with-postgres.sh).
test: build
	tests/support/with-postgres.sh $(MAKE) --no-print-directory unit contract api-sqlite api-postgresql e2e \
	  crash CRASH_ROUNDS=4 CRASH_WRITES=300

unit:
	cd $(BUILD) && ctest --output-on-failure -j 2

# The client's side of the contracts shared with the server (golden frames, schema).
contract:
	node --test tests/contract/

api: build
	tests/support/with-postgres.sh $(MAKE) --no-print-directory api-sqlite api-postgresql

api-sqlite:
	REKINDLE_TEST_DB=sqlite node --test --test-concurrency=2 tests/api/

api-postgresql:
	REKINDLE_TEST_DB=postgresql node --test --test-concurrency=2 tests/api/

# Crash consistency (tests/crash): kill -9 the server (and on PostgreSQL its postmaster)
# during writes, CRASH_ROUNDS times per database, CRASH_WRITES acknowledged writes apart.
# The PostgreSQL half gets a cluster of its own, since it kills the postmaster.
CRASH_ROUNDS ?= 10
CRASH_WRITES ?= 1000
crash-test: build
	$(MAKE) --no-print-directory crash

crash:
	CRASH_ROUNDS=$(CRASH_ROUNDS) CRASH_WRITES=$(CRASH_WRITES) REKINDLE_TEST_DB=sqlite node --test tests/crash/
	CRASH_ROUNDS=$(CRASH_ROUNDS) CRASH_WRITES=$(CRASH_WRITES) REKINDLE_TEST_DB=postgresql \
	  tests/support/with-postgres.sh node --test tests/crash/

# Soak (tests/soak/soak.mjs, not part of `make test`): SOAK_SECONDS (600) of a realistic
# mix from 32 people against one server; SOAK_DB=postgresql for PostgreSQL.
SOAK_DB ?= sqlite
soak: build
	REKINDLE_TEST_DB=$(SOAK_DB) $(if $(filter postgresql,$(SOAK_DB)),tests/support/with-postgres.sh) node tests/soak/soak.mjs

e2e:
	REKINDLE_TEST_DB=sqlite node --test --test-concurrency=1 tests/e2e/

# Screenshots of the main screens at phone size, made by the browser tests.
screenshots: build
	mkdir -p docs/screenshots
	REKINDLE_TEST_DB=sqlite REKINDLE_SCREENSHOTS=$(CURDIR)/docs/screenshots node --test --test-concurrency=1 tests/e2e/

# Lighthouse scores of the main pages (tests/lighthouse/run.mjs; not part of make test).
lighthouse: build
	test -x var/lighthouse/node_modules/.bin/lighthouse || npm install --prefix var/lighthouse --no-audit --no-fund lighthouse@12
	REKINDLE_TEST_DB=sqlite node tests/lighthouse/run.mjs

bench: build
	bench/run.sh

# The matching benchmark alone (bench/matching_bench.cpp): builds only it, then runs it.
# BENCH_MATCHING_ARGS passes options, e.g. "--migrations DIR --queries 200".
.PHONY: bench-matching
bench-matching: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j 2 --target matching_bench
	$(BUILD)/matching_bench $(BENCH_MATCHING_ARGS)

# Fuzzing (tests/fuzz, docs/security.md): a build of its own with clang 14, libFuzzer,
# ASan and UBSan; the main build stays GCC. Targets run one at a time on copies of their
# committed corpora and fail on the first crash, leaving the input in
# $(FUZZ_BUILD)/fuzz/TARGET/artifacts/.
fuzz-deps:
	@scripts/bootstrap.sh fuzz

$(FUZZ_BUILD)/build.ninja: | fuzz-deps
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DREKINDLE_FUZZ=ON \
	  -DREKINDLE_BUILD_TESTS=OFF -DREKINDLE_BUILD_BENCH=OFF

fuzz-build: fuzz-deps $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j 2 --target fuzz

fuzz: fuzz-build
	FUZZ_BUILD=$(FUZZ_BUILD) tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-smoke: fuzz-build
	FUZZ_BUILD=$(FUZZ_BUILD) tests/fuzz/run.sh 0

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD) web/dist $(STAMPS)
