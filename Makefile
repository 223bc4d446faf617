# hotline-wfm build. `make` builds the static library, wfm-server and wfm;
# `make test` runs every test (unit and integration, with a throwaway
# PostgreSQL cluster); `make test-asan` runs them under ASan + UBSan;
# `make run` serves the demo on port 8080.
#
# Every .c file under the stage folders goes into libwfm.a except *_main.c.
# Adding a module needs no edit here.

BUILD    ?= build
CC       ?= cc
OPT      ?= -O2 -g
SANITIZE ?=
CFLAGS   ?= $(OPT)
PKGS      = libmicrohttpd jansson gsl libpq libsodium zlib
# Recursively expanded on purpose: pkg-config runs only once the deps
# script (an order-only prerequisite of every object) has installed it all.
WFM_CPPFLAGS = -I. -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
WFM_CFLAGS   = -std=c11 -Wall -Wextra -Werror -MMD -MP $(SANITIZE) $(CFLAGS)
WFM_LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lglpk -lcsv -lm -lpthread
TEST_LDLIBS  = -lcmocka -lcurl

STAGES   = core models forecast optimizer data api
LIB_SRC  = $(filter-out %_main.c,$(foreach d,$(STAGES),$(wildcard $(d)/*.c)))
MIGRATIONS = $(sort $(wildcard data/migrations/*.sql))
GEN_MIGRATIONS = $(BUILD)/gen/wfm_migrations_gen.c
# The dashboard (web/) and Chart.js from Debian's libjs-chart.js travel
# inside the binary too (api/wfm_web.h): the center may have no internet.
CHARTJS  = /usr/share/javascript/chart.js/chart.min.js
WEB_FILES = $(sort $(wildcard web/*.html web/*.js web/*.css)) $(CHARTJS)
GEN_WEB  = $(BUILD)/gen/wfm_web_gen.c
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/wfm_migrations_gen.o $(BUILD)/gen/wfm_web_gen.o
CLI_SRC  = $(wildcard cli/*.c)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
SRV_OBJ  = $(BUILD)/api/wfm_server_main.o
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/support/*.c))
BENCH_SRC = $(wildcard bench/*_bench.c)
BENCH_BIN = $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

LIB    = $(BUILD)/libwfm.a
SERVER = $(BUILD)/wfm-server
CLI    = $(BUILD)/wfm

.PHONY: all deps test test-asan run bench clean fuzz fuzz-bin fuzz-smoke test-valgrind
.SECONDARY:
.DEFAULT_GOAL := all

all: $(LIB) $(CLI) $(if $(wildcard api/wfm_server_main.c),$(SERVER)) $(TEST_BIN)

deps:
	@scripts/deps.sh

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(WFM_CPPFLAGS) $(WFM_CFLAGS) -c $< -o $@

# The schema travels inside the binary (data/wfm_migrate.h).
$(GEN_MIGRATIONS): $(MIGRATIONS) scripts/embed_migrations.sh
	@mkdir -p $(dir $@)
	scripts/embed_migrations.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(CHARTJS):
	@scripts/deps.sh

$(GEN_WEB): $(WEB_FILES) scripts/embed_web.sh | deps
	@mkdir -p $(dir $@)
	scripts/embed_web.sh $(WEB_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c | deps
	$(CC) $(WFM_CPPFLAGS) $(WFM_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(CLI): $(CLI_OBJ) $(LIB)
	$(CC) $(WFM_CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(WFM_LDLIBS)

$(SERVER): $(SRV_OBJ) $(LIB)
	$(CC) $(WFM_CFLAGS) -o $@ $(SRV_OBJ) $(LIB) $(WFM_LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_SUPPORT_OBJ) $(LIB)
	$(CC) $(WFM_CFLAGS) -o $@ $< $(TEST_SUPPORT_OBJ) $(LIB) $(WFM_LDLIBS) $(TEST_LDLIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	$(CC) $(WFM_CFLAGS) -o $@ $< $(LIB) $(WFM_LDLIBS)

# The README's test command: unit and integration tests, one summary line.
test: all
	@BUILD=$(BUILD) tests/run.sh $(TEST_BIN)

# The dashboard in headless Debian Chromium (tests/web/run.sh): its own
# throwaway cluster, sample data and server; installs Chromium and the
# test's node_modules when missing; screenshots in $(BUILD)/web-artifacts/.
.PHONY: test-web
test-web: all
	@BUILD=$(BUILD) tests/web/run.sh

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=undefined" test

# The README's run command: private PostgreSQL (unless WFM_DATABASE_URL is
# set), migrations, sample data, server on port 8080.
run: all
	@scripts/run.sh

bench: all $(BENCH_BIN)
	@bench/run.sh

# libFuzzer harnesses tests/fuzz/fuzz_<parser>.c, built with clang into
# build-fuzz/fuzz_<parser> over a library built with ASan + UBSan and
# coverage (docs/fuzzing.md). Adding a harness needs no edit here.
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/%)

fuzz:
	@scripts/deps.sh clang libclang-rt-14-dev
	$(MAKE) BUILD=build-fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	    SANITIZE="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
	    fuzz-bin

fuzz-bin: $(FUZZ_BIN)

$(BUILD)/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(LIB)
	$(CC) $(WFM_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(WFM_LDLIBS)

# CI's short run: every harness a few seconds over its seed corpus.
fuzz-smoke: fuzz
	@tests/fuzz/run.sh -t $${FUZZ_SECONDS:-10}

# The unit suite under valgrind memcheck (docs/robustness.md); on demand,
# too slow for CI.
test-valgrind: all
	@scripts/deps.sh valgrind
	@BUILD=$(BUILD) tests/valgrind.sh $(TEST_BIN)

clean:
	rm -rf $(BUILD) build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(SRV_OBJ:.o=.d) $(TEST_BIN:=.d) \
    $(TEST_SUPPORT_OBJ:.o=.d) $(BENCH_BIN:=.d) $(FUZZ_SRC:%.c=$(BUILD)/%.d)
