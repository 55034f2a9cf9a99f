/* qr.h - QR codes as SVG (libqrencode), for check-in codes at the door. */
#ifndef GLOCAL_QR_H
#define GLOCAL_QR_H

#include "base/arena.h"

/* An SVG image of `text` as a QR code with a quiet zone, or NULL if it cannot
 * be encoded (arena). */
char *qr_svg(Arena *a, const char *text, const char *label);

#endif
