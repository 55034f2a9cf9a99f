/* version.h - the release of this source tree. */
#ifndef GLOCAL_VERSION
#define GLOCAL_VERSION "0.1.0"
#endif
