#include "netcdf_loader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// The functions soundstage calls, resolved by name from the opened library.
#define NETCDF_FUNCTIONS(X)                                                                               \
    X(int, nc_create, (const char *path, int cmode, int *ncidp), (path, cmode, ncidp))                    \
    X(int, nc_open, (const char *path, int mode, int *ncidp), (path, mode, ncidp))                        \
    X(int, nc_close, (int ncid), (ncid))                                                                  \
    X(const char *, nc_strerror, (int ncerr), (ncerr))                                                    \
    X(int, nc_def_dim, (int ncid, const char *name, size_t len, int *idp), (ncid, name, len, idp))        \
    X(int, nc_put_att_text, (int ncid, int varid, const char *name, size_t len, const char *op),          \
      (ncid, varid, name, len, op))                                                                       \
    X(int, nc_def_var, (int ncid, const char *name, nc_type xtype, int ndims, const int *dimidsp,          \
                        int *varidp), (ncid, name, xtype, ndims, dimidsp, varidp))                        \
    X(int, nc_enddef, (int ncid), (ncid))                                                                 \
    X(int, nc_put_var_double, (int ncid, int varid, const double *op), (ncid, varid, op))                 \
    X(int, nc_inq_varid, (int ncid, const char *name, int *varidp), (ncid, name, varidp))                 \
    X(int, nc_inq_varndims, (int ncid, int varid, int *ndimsp), (ncid, varid, ndimsp))                    \
    X(int, nc_inq_vardimid, (int ncid, int varid, int *dimidsp), (ncid, varid, dimidsp))                  \
    X(int, nc_inq_dimlen, (int ncid, int dimid, size_t *lenp), (ncid, dimid, lenp))                       \
    X(int, nc_get_var_double, (int ncid, int varid, double *ip), (ncid, varid, ip))                       \
    X(int, nc_inq_atttype, (int ncid, int varid, const char *name, nc_type *xtypep),                      \
      (ncid, varid, name, xtypep))                                                                        \
    X(int, nc_inq_attlen, (int ncid, int varid, const char *name, size_t *lenp), (ncid, varid, name, lenp)) \
    X(int, nc_get_att_string, (int ncid, int varid, const char *name, char **ip), (ncid, varid, name, ip)) \
    X(int, nc_free_string, (size_t len, char **data), (len, data))                                        \
    X(int, nc_get_att_text, (int ncid, int varid, const char *name, char *ip), (ncid, varid, name, ip))

#define POINTER(type, name, params, args) static type(*name##_pointer) params;
NETCDF_FUNCTIONS(POINTER)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char error[512] = "";

static void load(void) {
    // The development symlink first (installed with libnetcdf-dev), then the sonames Debian ships.
    static const char *names[] = {"libnetcdf.so", "libnetcdf.so.19", "libnetcdf.so.22", "libnetcdf.so.18"};
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) {
        handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(error, sizeof error, "%s", why ? why : "libnetcdf.so not found");
        return;
    }
#define RESOLVE(type, name, params, args)                                                                   \
    *(void **)(&name##_pointer) = dlsym(handle, #name);                                                   \
    if (name##_pointer == NULL) {                                                                         \
        snprintf(error, sizeof error, "libnetcdf has no function %s", #name);                             \
        return;                                                                                           \
    }
    NETCDF_FUNCTIONS(RESOLVE)
    loaded = 1;
}

int soundstage_nc_load(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *soundstage_nc_load_error(void) { return error; }

#define FORWARD(type, name, params, args)                                                                   \
    type soundstage_##name params { return name##_pointer args; }
NETCDF_FUNCTIONS(FORWARD)
