## harness/common: the floor under the harness, portable C with neither
## windows.h nor jansson, compiled into the conductor (native and Windows
## builds) and the agent: strict UTF-8/UTF-16 and the protocol's string
## specs, one definition for both sides of the pipe.

COMMON_SRC = harness/common/utf.c harness/common/utf.h harness/common/spec.c harness/common/spec.h \
	harness/common/commands.c harness/common/commands.h harness/common/vocab.c harness/common/vocab.h \
	harness/common/strbuf.c harness/common/strbuf.h
EXTRA_DIST += $(COMMON_SRC)
