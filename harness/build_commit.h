#define DLLSHM_BUILD_COMMIT "3b56ffb-dirty"
