#define DLLSHM_BUILD_COMMIT "3568df5-dirty"
