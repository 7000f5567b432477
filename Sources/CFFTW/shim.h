// FFTW3 double precision. <complex.h> is deliberately not included first, so
// `fftw_complex` is `double[2]` and imports into Swift as a `(Double, Double)` tuple.
#include <fftw3.h>
