#define DLLSHM_BUILD_COMMIT "fa060dc-dirty"
