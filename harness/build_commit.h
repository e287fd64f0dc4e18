#define DLLSHM_BUILD_COMMIT "4a1b51e-dirty"
