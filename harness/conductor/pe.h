/* Reading a PE file natively: its machine and its export table, so a DLL's
 * arch and exports are known before any Windows process runs. */
#ifndef DLLSHM_PE_H
#define DLLSHM_PE_H

#include <stddef.h>

/* The names the export table of the PE image in buf exports (caller frees
 * each and the array).  -1 with err when buf is no PE image. */
int pe_export_names(const unsigned char *buf, size_t len, char ***names, size_t *n, char *err, size_t errlen);
/* The DLLs the image imports from (its import directory), the same way. */
int pe_import_names(const unsigned char *buf, size_t len, char ***names, size_t *n, char *err, size_t errlen);
void pe_names_free(char **names, size_t n);

#endif
