/* The agent's commands as a table (commands.h). */
#include "commands.h"

#include <string.h>

#define COMMAND_ROW(id, name, level, needs, scn, cost) { name, level, needs, scn, cost },
const struct command_info command_table[] = { DLLSHM_COMMANDS(COMMAND_ROW) };
const size_t command_count = sizeof command_table / sizeof command_table[0];

const struct command_info *command_find(const char *word, size_t n)
{
    for (size_t i = 0; i < command_count; i++)
        if (strlen(command_table[i].name) == n && !strncmp(word, command_table[i].name, n)) return &command_table[i];
    return NULL;
}
