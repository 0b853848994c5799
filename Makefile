# revmech - GNU make build.  See README.md for the two commands.
#   make            release build of build/revmech
#   make run        install missing packages, build, create var/revmech.db, serve
#   make check      the same set-up, then lint and every test (ASan + UBSan)
#   make bench      benchmarks under bench/
#   make install    PREFIX=/usr/local DESTDIR=
.SUFFIXES:
.DELETE_ON_ERROR:

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
PKGS     := libmicrohttpd sqlite3 libpq libsodium jansson icu-uc icu-i18n liboath libqrencode libcurl \
	cairo pangocairo
DB       ?= var/revmech.db
LISTEN   ?= 127.0.0.1:8080

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wformat-security -Wvla -Wpointer-arith -Wundef \
	-Wimplicit-fallthrough -Wold-style-definition -Wnull-dereference \
	-Wno-format-truncation
CPPFLAGS_ALL := -Isrc -Ibuild/gen -D_GNU_SOURCE -DRM_DATADIR='"$(PREFIX)/share/revmech"'
CFLAGS_ALL := -std=c11 $(WARN) $(PKG_CFLAGS) -pthread
LDLIBS_ALL := $(PKG_LIBS) -pthread -lm

REL_FLAGS  := -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
SAN_FLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

SRCS      := $(sort $(shell find src -name '*.c'))
LIB_SRCS  := $(filter-out src/cli/main.c,$(SRCS))
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
GEN_MIG   := build/gen/migrations.c
HDRS      := $(shell find src -name '*.h')

REL_OBJS  := $(patsubst src/%.c,build/rel/%.o,$(SRCS)) build/rel/gen/migrations.o
SAN_LIB_OBJS := $(patsubst src/%.c,build/san/%.o,$(LIB_SRCS)) build/san/gen/migrations.o
SAN_OBJS  := $(SAN_LIB_OBJS) build/san/cli/main.o

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,build/tests/%,$(UNIT_SRCS))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 60
NPROC     := $(shell nproc 2>/dev/null || echo 2)

.PHONY: all run check deps init lint unit http browser bench install clean fuzz

all: build/revmech

$(GEN_MIG): $(MIGRATIONS) scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-migrations.sh $@ $(MIGRATIONS)

build/rel/gen/migrations.o: $(GEN_MIG)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(REL_FLAGS) -c -o $@ $<
build/san/gen/migrations.o: $(GEN_MIG)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(SAN_FLAGS) -c -o $@ $<

build/rel/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(REL_FLAGS) -c -o $@ $<
build/san/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(SAN_FLAGS) -c -o $@ $<

build/revmech: $(REL_OBJS)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) $(REL_FLAGS) -o $@ $^ $(LDLIBS_ALL)
build/san/revmech: $(SAN_OBJS)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_ALL) $(SAN_FLAGS) -o $@ $^ $(LDLIBS_ALL)

build/tests/%: tests/unit/%.c $(SAN_LIB_OBJS) $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS_ALL) -Itests/unit $(CFLAGS_ALL) $(SAN_FLAGS) \
		-DRM_SRCDIR='"$(CURDIR)"' -o $@ $< $(SAN_LIB_OBJS) $(LDLIBS_ALL) -lcmocka

# Fuzz targets replayed over their corpus under ASan+UBSan (make check) ...
build/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(SAN_LIB_OBJS) $(HDRS)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(SAN_FLAGS) -o $@ $< tests/fuzz/replay.c \
		$(SAN_LIB_OBJS) $(LDLIBS_ALL)

# ... and run for real with libFuzzer (clang): make fuzz FUZZ_SECONDS=600
fuzz: $(GEN_MIG)
	@mkdir -p build/libfuzzer
	@for f in $(FUZZ_SRCS); do n=$$(basename $$f .c); t=$${n#fuzz_}; \
	  echo "  CLANG   build/libfuzzer/$$n"; \
	  clang $(CPPFLAGS_ALL) -std=c11 $(PKG_CFLAGS) -g -O1 \
	    -fsanitize=fuzzer,address,undefined -o build/libfuzzer/$$n $$f \
	    $(LIB_SRCS) $(GEN_MIG) $(LDLIBS_ALL) || exit 1; \
	  mkdir -p build/libfuzzer/corpus-$$t; \
	  build/libfuzzer/$$n -max_total_time=$(FUZZ_SECONDS) build/libfuzzer/corpus-$$t \
	    tests/fuzz/corpus/$$t || exit 1; \
	done

deps:
	@sh scripts/deps.sh run

# snprintf truncation is the intended, bounded behaviour: not a warning.
# Creates the database with reference data and the demo, once.
$(DB): build/revmech $(MIGRATIONS)
	@mkdir -p $(dir $@)
	@if [ -f $@ ]; then build/revmech migrate --db $@; \
	 else build/revmech init --db $@ --data data --demo; fi
	@touch $@

init: $(DB)

run:
	@sh scripts/deps.sh run
	@$(MAKE) --no-print-directory build/revmech
	@$(MAKE) --no-print-directory init
	build/revmech serve --db $(DB) --listen $(LISTEN)

lint:
	@sh scripts/lint.sh

unit: $(UNIT_BINS) build/san/revmech
	@sh scripts/run-unit.sh $(UNIT_BINS)

http: build/san/revmech
	@sh scripts/run-http.sh

browser: build/san/revmech
	@sh scripts/run-browser.sh

# Both builds, the test programs and lint in one make, a job per CPU: on
# two cores that halves the minutes make check spends before the first test.
check:
	@sh scripts/deps.sh check
	@$(MAKE) --no-print-directory -j$(NPROC) build/revmech build/san/revmech $(UNIT_BINS) \
		$(FUZZ_BINS) lint
	@FUZZ_BINS="$(FUZZ_BINS)" sh scripts/run-all-tests.sh $(UNIT_BINS)

bench:
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory build/revmech
	@for b in bench/*/run; do [ -x "$$b" ] && "$$b" || exit 1; done

install: build/revmech
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/revmech \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build/revmech $(DESTDIR)$(PREFIX)/bin/revmech
	cp -R data/. $(DESTDIR)$(PREFIX)/share/revmech/
	install -d $(DESTDIR)$(PREFIX)/share/revmech/po $(DESTDIR)$(PREFIX)/share/revmech/static
	install -m 644 po/*.po $(DESTDIR)$(PREFIX)/share/revmech/po/
	cp -R static/. $(DESTDIR)$(PREFIX)/share/revmech/static/
	install -m 644 docs/revmech.1 $(DESTDIR)$(PREFIX)/share/man/man1/revmech.1

clean:
	rm -rf build
