// libmysofa: reading measured HRTFs from SOFA files (AES69).
#include <mysofa.h>
