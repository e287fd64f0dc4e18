/* The model of the contract (model.h): deliberately the plainest code that
 * says what the README's contract table says. */
#include "model.h"

#include <string.h>

void model_init(struct model *m) { memset(m, 0, sizeof *m); }

int model_holders(const struct model *m)
{
    int n = 0;
    for (int p = 0; p < MODEL_MAX_PROCS; p++) n += m->proc[p] == MP_LOADED;
    return n;
}

static int valid(int p) { return p >= 0 && p < MODEL_MAX_PROCS; }

/* The first holder brings the register into existence, empty. */
static void attach(struct model *m, int p)
{
    if (!model_holders(m)) m->len = 0;
    m->proc[p] = MP_LOADED;
}

int model_start(struct model *m, int p, int loaded)
{
    if (!valid(p) || m->proc[p] != MP_DOWN) return -1;
    m->proc[p] = MP_UP;
    if (loaded) attach(m, p);
    return 0;
}

int model_load(struct model *m, int p)
{
    if (!valid(p) || m->proc[p] != MP_UP) return -1;
    attach(m, p);
    return 0;
}

int model_unload(struct model *m, int p)
{
    if (!valid(p) || m->proc[p] != MP_LOADED) return -1;
    m->proc[p] = MP_UP;
    return 0;
}

int model_end(struct model *m, int p)
{
    if (!valid(p) || m->proc[p] == MP_DOWN) return -1;
    m->proc[p] = MP_DOWN;
    return 0;
}

int model_set(struct model *m, int p, const uint16_t *s, size_t n)
{
    if (!valid(p) || m->proc[p] != MP_LOADED) return -1;
    if (!s) return 0;
    if (n > MODEL_CAP) n = MODEL_CAP;
    memcpy(m->value, s, n * sizeof *s);
    m->len = n;
    return 0;
}

long model_get(const struct model *m, int p, uint32_t cch, const uint16_t **text)
{
    if (!valid(p) || m->proc[p] != MP_LOADED) return -2;
    *text = m->value;
    if (cch == 0) return -1;
    return (long)(m->len < (size_t)cch - 1 ? m->len : (size_t)cch - 1);
}
