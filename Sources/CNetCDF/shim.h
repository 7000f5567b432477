// netCDF-4 (HDF5-based): writing AES69 SOFA files.
#include <netcdf.h>
