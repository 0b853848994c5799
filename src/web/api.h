/* api.h - the JSON API under /api/v1/ (issue 4; docs/openapi.yaml).
 * The entry point api_dispatch() is declared in web/server.h: the same
 * authentication (session cookie or personal API token) and authorization
 * as the pages; anonymous calls get 401 with a JSON error body. */
#ifndef RM_WEB_API_H
#define RM_WEB_API_H

#include "web/server.h"

#endif
