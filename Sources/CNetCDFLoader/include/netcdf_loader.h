// libnetcdf opened on first use (dlopen) instead of linked. netCDF-4 brings HDF5, curl, TLS and
// Kerberos: some 40 shared libraries whose loading and symbol binding cost every soundstage command
// about 20 ms of start-up, SOFA or not. Each function below has the signature and meaning of the
// netCDF function of the same name without the `soundstage_` prefix (netcdf.h is included for the
// types and constants); soundstage_nc_load must have succeeded before any of them is called.
#ifndef SOUNDSTAGE_NETCDF_LOADER_H
#define SOUNDSTAGE_NETCDF_LOADER_H

#include <netcdf.h>
#include <stddef.h>

/// Opens libnetcdf once (thread-safe). Returns 1 when it is usable, 0 otherwise; then
/// soundstage_nc_load_error() says why.
int soundstage_nc_load(void);
/// The dynamic loader's message for a failed soundstage_nc_load (empty otherwise).
const char *soundstage_nc_load_error(void);

int soundstage_nc_create(const char *path, int cmode, int *ncidp);
int soundstage_nc_open(const char *path, int mode, int *ncidp);
int soundstage_nc_close(int ncid);
const char *soundstage_nc_strerror(int ncerr);
int soundstage_nc_def_dim(int ncid, const char *name, size_t len, int *idp);
int soundstage_nc_put_att_text(int ncid, int varid, const char *name, size_t len, const char *op);
int soundstage_nc_def_var(int ncid, const char *name, nc_type xtype, int ndims, const int *dimidsp, int *varidp);
int soundstage_nc_enddef(int ncid);
int soundstage_nc_put_var_double(int ncid, int varid, const double *op);
int soundstage_nc_inq_varid(int ncid, const char *name, int *varidp);
int soundstage_nc_inq_varndims(int ncid, int varid, int *ndimsp);
int soundstage_nc_inq_vardimid(int ncid, int varid, int *dimidsp);
int soundstage_nc_inq_dimlen(int ncid, int dimid, size_t *lenp);
int soundstage_nc_get_var_double(int ncid, int varid, double *ip);
int soundstage_nc_inq_atttype(int ncid, int varid, const char *name, nc_type *xtypep);
int soundstage_nc_inq_attlen(int ncid, int varid, const char *name, size_t *lenp);
int soundstage_nc_get_att_string(int ncid, int varid, const char *name, char **ip);
int soundstage_nc_free_string(size_t len, char **data);
int soundstage_nc_get_att_text(int ncid, int varid, const char *name, char *ip);

#endif
