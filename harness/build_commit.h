#define DLLSHM_BUILD_COMMIT "5c44eec-dirty"
