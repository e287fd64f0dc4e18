/* The contract of SetSharedMem/GetSharedMem as a model: one register of at
 * most MODEL_CAP UTF-16 units that exists while any process holds the DLL
 * loaded, and is empty when it comes into existence.  The explorer runs its
 * programs on it to predict every reply of the DLL under test. */
#ifndef DLLSHM_MODEL_H
#define DLLSHM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define MODEL_CAP 2047        /* 4096 bytes: 2047 units and a terminator */
#define MODEL_MAX_PROCS 64

enum model_proc { MP_DOWN = 0, MP_UP, MP_LOADED };  /* not running; running; running with the DLL */

struct model {
    enum model_proc proc[MODEL_MAX_PROCS];
    uint16_t value[MODEL_CAP];
    size_t len;
};

void model_init(struct model *m);
int model_holders(const struct model *m);
/* Each returns 0, or -1 when the process is not in a state that allows it
 * (the model is then unchanged). */
int model_start(struct model *m, int p, int loaded);
int model_load(struct model *m, int p);
int model_unload(struct model *m, int p);
int model_end(struct model *m, int p);      /* exit, kill or crash */
/* SetSharedMem(s): at most MODEL_CAP units of s (n units, no terminator
 * inside); s == NULL changes nothing. */
int model_set(struct model *m, int p, const uint16_t *s, size_t n);
/* GetSharedMem(buf, cch): the number of units written before the
 * terminator, min(len, cch - 1), or -1 when nothing is written (cch == 0);
 * *text points at them.  -2 when p does not hold the DLL. */
long model_get(const struct model *m, int p, uint32_t cch, const uint16_t **text);

#endif
