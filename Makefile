# Glocal - build, run, test.
#
#   make run     set up what is missing, build, fill a demo network, serve on :8080
#   make test    set up what tests need, build, run every suite on SQLite and PostgreSQL
#   make check   the same suite under AddressSanitizer and UBSan (but the fuzzers, which always are)
#   make bench   the benchmark (see bench/README.md)
#   make bench-scale  the scale-out benchmark: a PostgreSQL primary and replica, 1 to 3 servers behind
#                nginx (bench/scale; QUICK=1: a minute's check)
#   make lint    the layout rules of docs/ARCHITECTURE.md, checked (tools/lint; make test runs it)
#   make pot     po/glocal.pot from the templates and the C sources, and each po/LANG.po merged with it
#   make fuzz    every libFuzzer harness of tests/fuzz/, FUZZ_TIME seconds each (default 600),
#                or FUZZ_RUNS executions each (make fuzz FUZZ_RUNS=10000000); an input taking
#                FUZZ_TIMEOUT seconds (default 10) is a finding
#
# Build products go to build/ (build-asan/ for `make check`, build-fuzz/ for the fuzzers).

BUILD    ?= build
CC       ?= cc
PORT     ?= 8080
DEMO_DB  ?= var/demo.db
PKGS      = libmicrohttpd jansson libsodium sqlite3 libcmark-gfm libical libcurl libqrencode libxml-2.0 libutf8proc libcrypto zlib icu-uc icu-i18n vips
HDR_PKGS  = libpq   # headers only: libpq is loaded when a PostgreSQL URL is opened (src/db/postgres.c)
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wvla -Wpointer-arith -Wno-missing-field-initializers
OPT      ?= -O2
SAN      ?=
CFLAGS   += -std=gnu11 $(OPT) -g $(WARN) $(SAN) -D_GNU_SOURCE -pthread \
            -Isrc -I$(BUILD)/gen $(shell pkg-config --cflags $(PKGS) $(HDR_PKGS) 2>/dev/null)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lm   # (cmark-gfm-extensions has no pkg-config file)
LDFLAGS  += $(SAN) -pthread

SRCS     := $(shell find src -name '*.c' ! -name main.c | sort)
OBJS     := $(SRCS:%.c=$(BUILD)/%.o)
# embedded in the binary (src/base/embedded.h): migrations, templates, assets, the OpenAPI document, the demo data
EMBED    := $(sort $(wildcard schema/*.sql) $(shell find templates assets -type f 2>/dev/null) docs/openapi.json \
            $(wildcard data/demo/*.json))
# languages (docs/ARCHITECTURE.md, "Languages"): each po/LANG.po compiled by msgfmt --check, and
# every template written once more per language by tools/i18n.c, both embedded (NAME=PATH)
LANGS    := pt fr
TEMPLATES := $(sort $(shell find templates -name '*.mustache') $(wildcard templates/mail/*.txt) templates/mail/_layout.html)
L10N_pt  := $(TEMPLATES:templates/%=$(BUILD)/gen/l10n/pt/%)
L10N_fr  := $(TEMPLATES:templates/%=$(BUILD)/gen/l10n/fr/%)
MO       := $(LANGS:%=$(BUILD)/gen/po/%.mo)
EMBED_AS := $(foreach l,$(LANGS),$(foreach f,$(L10N_$(l)),$(f:$(BUILD)/gen/%=%)=$(f)) po/$(l).mo=$(BUILD)/gen/po/$(l).mo)
UNIT     := $(sort $(wildcard tests/unit/test_*.c))
UNITBIN  := $(UNIT:tests/unit/%.c=$(BUILD)/tests/%)
# the fuzzers: clang, libFuzzer, ASan and UBSan, over a library built for them in build-fuzz/
FUZZ     := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_TIME ?= 600
FUZZ_TIMEOUT ?= 10
FUZZ_SAN  = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
            -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION \
            -Wno-format-nonliteral -Wno-shadow   # (clang-14 warns where gcc does not)

.PHONY: all deps test-deps run demo-reset test check unit http e2e bench bench-scale clean format lint reliability fuzz fuzz-build fuzzers pot
all: $(BUILD)/glocal

deps:
	@tools/setup build

test-deps:
	@tools/setup test

Q = @   # `make Q=` shows the full commands

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -O1 -Wall -Wextra -Werror -o $@ $< -lz

$(BUILD)/tools/i18n: tools/i18n.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/po/%.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT $<"
	$(Q)msgfmt --check -o $@ $<

$(BUILD)/gen/l10n/%/.stamp: $(BUILD)/gen/po/%.mo $(BUILD)/tools/i18n $(TEMPLATES)
	@mkdir -p $(dir $@)
	@echo "  I18N  $* templates"
	$(Q)$(BUILD)/tools/i18n apply $< $(dir $@) $(TEMPLATES) && touch $@
$(L10N_pt): $(BUILD)/gen/l10n/pt/.stamp ;
$(L10N_fr): $(BUILD)/gen/l10n/fr/.stamp ;

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBED) $(L10N_pt) $(L10N_fr) $(MO)
	@mkdir -p $(dir $@)
	@echo "  EMBED $(words $(EMBED) $(EMBED_AS)) files"
	$(Q)$(BUILD)/tools/embed $@ $(EMBED) $(EMBED_AS)

# po/glocal.pot from the templates (tools/i18n.c) and the C sources (xgettext: the calls whose
# argument is a sentence for people), then each po/LANG.po brought up to date with it (msgmerge)
XGETTEXT_KEYS = -k_ -kN_ -kerr_set:3 -kerr_field:4 -kerr_later:4 -kfield_err:3 -kreq_error:3 -kreq_fail:3 \
                -kreq_redirect:3 -kreq_created:3 -ktr -ktrn:1,2 -kNP_:1,2 -kC_:1c,2
pot: $(BUILD)/tools/i18n
	@mkdir -p $(BUILD)/gen/po
	$(Q)$(BUILD)/tools/i18n pot $(BUILD)/gen/po/templates.pot $(TEMPLATES)
	$(Q)xgettext --from-code=UTF-8 --no-wrap --sort-output --add-location=file $(XGETTEXT_KEYS) \
	  -o $(BUILD)/gen/po/c.pot $(shell find src -name '*.c' | sort)
	$(Q)msgcat --use-first --no-wrap --sort-output -o $(BUILD)/gen/po/all.pot $(BUILD)/gen/po/templates.pot $(BUILD)/gen/po/c.pot
	$(Q)msggrep --no-wrap --msgid -E -e '[A-Za-z][A-Za-z]' --msgctxt -E -e '.' -o po/glocal.pot $(BUILD)/gen/po/all.pot
	$(Q)for l in $(LANGS); do msgmerge --quiet --no-wrap --no-fuzzy-matching --update --backup=none po/$$l.po po/glocal.pot; done
	@for l in $(LANGS); do printf '  %s: ' $$l; msgfmt --check --statistics -o /dev/null po/$$l.po; done

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(Q)$(CC) -std=gnu11 -O1 -Isrc -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libglocal.a: $(OBJS) $(BUILD)/gen/embedded.o
	@rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/glocal: $(BUILD)/src/main.o $(BUILD)/libglocal.a
	@echo "  LINK  $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libglocal.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	@echo "  TEST  $@"
	$(Q)$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libglocal.a $(LDFLAGS) $(LDLIBS) -lcriterion

run: deps $(BUILD)/glocal
	@mkdir -p $(dir $(DEMO_DB))
	@if [ ! -f $(DEMO_DB) ]; then \
	  $(BUILD)/glocal init --db sqlite:$(DEMO_DB) --admin-email admin@glocal.example --admin-password demo-admin-2026 --admin-name "Ada Admin" && \
	  $(BUILD)/glocal demo --db sqlite:$(DEMO_DB) && \
	  $(BUILD)/glocal snapshot --db sqlite:$(DEMO_DB); \
	else echo "Using the existing demo network in $(DEMO_DB) (make demo-reset starts afresh)."; fi
	@echo
	@echo "  Glocal is serving the demo network at http://localhost:$(PORT)/"
	@echo "  Log in as the network admin: admin@glocal.example / demo-admin-2026"
	@echo "  or as any demo member (e.g. connector@glocal.example) with password demo-member-2026"
	@echo "  Stop with Ctrl-C."
	@echo
	$(BUILD)/glocal serve --db sqlite:$(DEMO_DB) --port $(PORT)

demo-reset:
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm

unit: $(BUILD)/glocal $(UNITBIN)

# one program per harness, linked with libFuzzer's main
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(BUILD)/libglocal.a
	@mkdir -p $(dir $@)
	@echo "  FUZZ  $@"
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< $(BUILD)/libglocal.a $(LDFLAGS) $(LDLIBS)

fuzzers: $(FUZZ:tests/fuzz/%.c=$(BUILD)/fuzz/%)

fuzz-build:
	@tools/setup fuzz
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang-14 OPT=-O1 SAN="$(FUZZ_SAN)" fuzzers

fuzz: fuzz-build
	@FUZZ_TIME=$(FUZZ_TIME) FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) BUILD=build-fuzz tests/fuzz/run

test: deps test-deps
	@$(MAKE) --no-print-directory $(BUILD)/glocal unit
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang-14 OPT=-O1 SAN="$(FUZZ_SAN)" fuzzers
	@BUILD=$(BUILD) tests/run

check: deps test-deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  build-asan/glocal unit
	@BUILD=build-asan tests/run lint unit http e2e   # (the fuzz suite is always under ASan and UBSan)

lint: $(BUILD)/glocal
	@BUILD=$(BUILD) tools/lint

bench: deps
	@bench/run $(if $(DB),--db $(DB)) $(if $(ONLY),--only "$(ONLY)")

bench-scale: deps
	@bench/scale $(if $(QUICK),--quick)

clean:
	rm -rf build build-asan build-fuzz

-include $(OBJS:.o=.d) $(BUILD)/src/main.d

# kill -9 cycles under concurrent writers and a memory soak (tests/tools/reliability.mjs);
# DB=sqlite|postgres (default both), CYCLES= (default 200), SOAK= seconds (default 1800)
reliability: deps test-deps $(BUILD)/glocal
	@DB=$(or $(DB),both) CYCLES=$(or $(CYCLES),200) SOAK=$(or $(SOAK),1800) BIN=$(BUILD)/glocal node tests/tools/reliability.mjs
