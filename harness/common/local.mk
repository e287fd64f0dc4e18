## harness/common: the floor under the harness, portable C with neither
## windows.h nor jansson, compiled into the conductor (native and Windows
## builds), the agent, the report and the benchmark: strict UTF-8/UTF-16,
## the protocol's string specs and command table, the verdict as data,
## the string builder and JSON strings, one definition for every part.

COMMON_SRC = harness/common/utf.c harness/common/utf.h harness/common/spec.c harness/common/spec.h \
	harness/common/commands.c harness/common/commands.h harness/common/verdict.c harness/common/verdict.h harness/common/win32_words.c harness/common/win32_words.h \
	harness/common/arch.c harness/common/arch.h \
	harness/common/strbuf.c harness/common/strbuf.h harness/common/json.c harness/common/json.h
EXTRA_DIST += $(COMMON_SRC)
