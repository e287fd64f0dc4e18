#define DLLSHM_BUILD_COMMIT "cf51d80-dirty"
