/* block_status.h - what parent and child ask of the DLL beside them. */
#ifndef DLLSHM_BLOCK_STATUS_H
#define DLLSHM_BLOCK_STATUS_H

#include <windows.h>
#include "dllshm.h"

/* Whether the DLL says its block is unusable (then *info says why). */
int block_unusable(DllshmInfo *info);

#endif
