/* main.c - dllshm-report: see cli.c and `dllshm-report --help`. */
#include "config.h"

#include "report.h"

int main(int argc, char **argv)
{
    return report_main(argc, argv);
}
