/*
 * date.h: the date protocol of document 001's Java DateServer and
 * DateClient. A client connects; the server writes one line, the date as
 * java.util.Date.toString() prints it, and closes the connection.
 */
#ifndef IPCCONFORM_DATE_H
#define IPCCONFORM_DATE_H

#define DATE_PORT 6013
#define DATE_HOST "127.0.0.1"
#define DATE_BACKLOG 50 /* java.net.ServerSocket's default */

/* java.util.Date.toString(): "Thu Jan 01 00:00:00 UTC 1970", local time
 * with its zone's abbreviation; with -epoch the server formats in UTC. */
#define DATE_FORMAT "%a %b %d %H:%M:%S %Z %Y"
#define DATE_FORMAT_UTC "%a %b %d %H:%M:%S UTC %Y"

/* The longest line either side handles, its newline included. */
#define DATE_LINE_MAX 256

#endif
