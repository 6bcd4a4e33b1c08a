# civic: the two commands, and a few more.
#
#   make run    install what is missing, build, start civicd on ./var/
#   make test   the same set-up, then every test suite, twice: once in a
#               plain build, once under AddressSanitizer and UBSan
#   make bench  benchmarks (speed goals live here, never in tests)
#   make soak   the crash trials, 1,000 of them
#   make fuzz   every fuzz target, coverage-guided by libFuzzer
#
# The Makefile is thin on purpose: meson builds, meson test tests.

# Every Debian 12 package a fresh machine needs to build, run and test.
PACKAGES = gcc pkg-config meson ninja-build python3 \
	libevent-dev libsqlite3-dev libsodium-dev libjansson-dev \
	libqrencode-dev \
	libcmocka-dev libsystemd-dev libinih-dev \
	sqlite3 socat scdoc jq tzdata procps util-linux bsdutils clang-format \
	systemd gettext locales

# make run's demo: the socket goes to the group users (Debian's group for
# the machine's people), you (your own group) are the admin, and members
# of civic-coord, or of the group number 4002 where there is none, are
# coordinators. Each can be given on the command line.
RUN_SOCKET_GROUP ?= users
RUN_COORD_GROUP  ?= $(shell getent group civic-coord >/dev/null && echo civic-coord || echo 4002)

# What only the tests need, installed by make test, never by make run: a
# third-party varlink client (Debian's Go library) to talk to civicd, and
# debootstrap and systemd-nspawn to boot a Debian 12 with a real systemd.
TEST_PACKAGES = golang-go golang-github-varlink-go-dev debootstrap systemd-container \
	tmux zbar-tools

# What only make bench needs: redis-server, a reference it measures civicd
# against (started by the benchmark on a socket of its own).
BENCH_PACKAGES = redis-server

BUILD     = build
TESTBUILD = build-test
SANBUILD  = build-san
RELBUILD  = build-release
VAR       = $(CURDIR)/var

.PHONY: all deps locale test-deps run test test-plain test-san test-release test-system bench soak fuzz fuzz-deps clean

all: $(BUILD)/build.ninja
	meson compile -C $(BUILD)

# Installs missing packages as root; otherwise says exactly what to run.
deps:
	@missing=""; \
	for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | \
		    grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "installing:$$missing"; \
			apt-get update && DEBIAN_FRONTEND=noninteractive \
			    apt-get install -y --no-install-recommends $$missing; \
		else \
			echo "civic needs these Debian packages:$$missing"; \
			echo "run:  sudo apt-get install$$missing"; \
			exit 1; \
		fi; \
	fi

# civic speaks the language of the locale: Danish under da_DK.UTF-8,
# which a fresh Debian has not generated. make run and make test make it
# as root (the tests run a tour in Danish; without it they say they
# skip it); it stays listed in /etc/locale.gen. Anyone else is told how.
locale: deps
	@if ! locale -a 2>/dev/null | grep -qix 'da_DK.utf8'; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "generating the da_DK.UTF-8 locale"; \
			grep -q '^da_DK.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || \
			    echo 'da_DK.UTF-8 UTF-8' >>/etc/locale.gen; \
			locale-gen; \
		else \
			echo "civic speaks Danish in the da_DK.UTF-8 locale, which is missing"; \
			echo "(it speaks English until then); to add it, run:"; \
			echo "  sudo sh -c \"echo 'da_DK.UTF-8 UTF-8' >>/etc/locale.gen && locale-gen\""; \
		fi; \
	fi

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD)

$(TESTBUILD)/build.ninja: | deps
	meson setup $(TESTBUILD) -Dtest-clock=true

$(SANBUILD)/build.ninja: | deps
	meson setup $(SANBUILD) -Dtest-clock=true -Dbuildtype=debug \
	    -Db_sanitize=address,undefined -Db_lundef=false \
	    -Dc_args=-fno-sanitize-recover=all

run: deps locale $(BUILD)/build.ninja
	meson compile -C $(BUILD)
	@mkdir -p $(VAR)
	@echo
	@echo "civicd is starting on $(VAR)/civicd.sock with demo data; stop it with Ctrl-C."
	@echo "In another terminal:"
	@echo
	@echo "    export CIVIC_SOCKET=$(VAR)/civicd.sock PATH=$(CURDIR)/$(BUILD)/client:\$$PATH"
	@echo "    export LANG=da_DK.UTF-8     # civic speaks Danish; LANG=C.UTF-8 for English"
	@echo "    civic status"
	@echo; if [ "$$(id -u)" = 0 ] || id -Gn | tr ' ' '\n' | grep -qx '$(RUN_SOCKET_GROUP)'; then \
		group="--socket-group $(RUN_SOCKET_GROUP)"; \
		echo "Other local users in the group $(RUN_SOCKET_GROUP) may reach it too: see README.md, \"Other roles\"."; \
	else \
		group=""; \
		echo "You are not in the group $(RUN_SOCKET_GROUP): the socket is for your own group only."; \
	fi; \
	echo; \
	exec $(BUILD)/daemon/civicd --config /dev/null --socket $(VAR)/civicd.sock \
	    --database $(VAR)/civic.db --demo $$group \
	    --admin-group $$(id -g) --coord-group $(RUN_COORD_GROUP)

test: deps test-deps locale test-release test-plain test-san test-system

test-deps: deps
	@$(MAKE) --no-print-directory deps PACKAGES="$(TEST_PACKAGES)"

# The server build README.md tells administrators to make, with its very
# options (-O3 finds warnings -O0 does not; werror is on for every build).
test-release: | deps
	@test -f $(RELBUILD)/build.ninja || \
	    meson setup $(RELBUILD) --prefix=/usr --buildtype=release
	meson compile -C $(RELBUILD)

# The release build installed as README.md's "On a server" says, in a
# Debian 12 booted with systemd-nspawn (tests/system/run.sh; the Debian
# root is built once by debootstrap and cached in /var/cache/civic-test).
test-system: test-release test-deps
	tests/system/run.sh $(RELBUILD)

test-plain: $(TESTBUILD)/build.ninja
	meson compile -C $(TESTBUILD)
	meson test -C $(TESTBUILD) --print-errorlogs

test-san: $(SANBUILD)/build.ninja
	meson compile -C $(SANBUILD)
	meson test -C $(SANBUILD) --print-errorlogs --timeout-multiplier 3

bench: deps $(BUILD)/build.ninja
	@$(MAKE) --no-print-directory deps PACKAGES="$(BENCH_PACKAGES)"
	meson compile -C $(BUILD)
	meson test -C $(BUILD) --benchmark --verbose

# make soak: the crash trials long (SOAK_TRIALS kill -9 trials under
# writes of every kind; the suite runs 25). Reports, never gates on time.
SOAK_TRIALS ?= 1000

soak: $(TESTBUILD)/build.ninja
	meson compile -C $(TESTBUILD)
	CIVIC_CRASH_TRIALS=$(SOAK_TRIALS) meson test -C $(TESTBUILD) crash \
	    --timeout-multiplier 0 --verbose

# make fuzz: every target coverage-guided by libFuzzer (clang, under ASan
# and UBSan) for FUZZ_SECONDS each, from the hand-written seeds
# (tests/fuzz/corpus/NAME, never changed) and what earlier runs found
# (tests/fuzz/found/NAME, kept in the tree and minimised after each run;
# the suite replays both). A finding is left as $(FUZZBUILD)/crash-* and
# fails the run. Nothing is left in /tmp.
FUZZBUILD    = build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS = money text frame ticket dispatch config backup
FUZZ_PACKAGES = clang libclang-rt-14-dev

fuzz-deps: deps
	@$(MAKE) --no-print-directory deps PACKAGES="$(FUZZ_PACKAGES)"

$(FUZZBUILD)/build.ninja: | fuzz-deps
	CC=clang meson setup $(FUZZBUILD) -Dfuzz=libfuzzer -Dbuildtype=debugoptimized \
	    -Db_sanitize=address,undefined -Db_lundef=false

fuzz: $(FUZZBUILD)/build.ninja
	meson compile -C $(FUZZBUILD)
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz-$$t: $(FUZZ_SECONDS) s"; \
		seeds=$(CURDIR)/tests/fuzz/corpus/$$t; \
		found=$(CURDIR)/tests/fuzz/found/$$t; \
		min=$$(mktemp -d); mkdir -p "$$found"; \
		( cd $(FUZZBUILD) && ./tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
		    -print_final_stats=1 "$$found" "$$seeds" ) || { rm -rf "$$min"; exit 1; }; \
		( cd $(FUZZBUILD) && ./tests/fuzz/fuzz-$$t -merge=1 "$$min" "$$found" ) \
		    >/dev/null 2>&1 && rm -f "$$found"/* && cp -R "$$min"/. "$$found"/; \
		rm -rf "$$min"; \
		echo "fuzz-$$t: $$(ls "$$found" | wc -l) inputs found and kept"; \
	done

clean:
	rm -rf $(BUILD) $(TESTBUILD) $(SANBUILD) $(RELBUILD) $(FUZZBUILD)
