/* Windows' numbers in words, for whoever reads a verdict: a Win32 error's
 * name and meaning (998: ERROR_NOACCESS, "invalid access to memory"), an
 * exception code's (0xc0000005: access violation).  Portable C: the
 * conductor and the report have no windows.h. */
#ifndef DLLSHM_WIN32_WORDS_H
#define DLLSHM_WIN32_WORDS_H

/* "ERROR_NOACCESS", or NULL when not in the table. */
const char *win32_error_name(unsigned long code);
/* "invalid access to memory location", or NULL. */
const char *win32_error_meaning(unsigned long code);
/* "access violation", "stack overflow", ..., or NULL. */
const char *exception_name(unsigned long code);

#endif
