#define DLLSHM_BUILD_COMMIT "aab51f5-dirty"
