/* block_status.c - shared by parent.c and child.c. */
#include "block_status.h"

/* Whether the DLL says its block is unusable.  DllshmGetInfo is looked up,
 * not imported: the harness runs these programs beside any DLL renamed
 * dllshm.dll (the sample's has only the two exports), so the import table
 * holds SetSharedMem and GetSharedMem alone, as the sample's did. */
int block_unusable(DllshmInfo *info)
{
    typedef LONG(__cdecl * info_fn)(DLLSHM_HANDLE, DllshmInfo *);
    HMODULE dll = GetModuleHandleW(L"dllshm.dll");
    info_fn get_info = dll ? (info_fn)(void (*)(void))GetProcAddress(dll, "DllshmGetInfo") : NULL;

    ZeroMemory(info, sizeof(*info));
    info->cbSize = sizeof(*info);
    return get_info && get_info(NULL, info) == DLLSHM_OK && info->status != DLLSHM_OK;
}
