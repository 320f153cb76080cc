#ifndef LOGSVC_CLIBYAML_SHIM_H
#define LOGSVC_CLIBYAML_SHIM_H

#include <yaml.h>

#endif
