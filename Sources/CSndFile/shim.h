// libsndfile: reading and writing WAV, FLAC, AIFF and OGG audio files.
#include <sndfile.h>
