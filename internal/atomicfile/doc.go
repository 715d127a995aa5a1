// Package atomicfile replaces a file's contents so that a reader, in this
// process or another, opens either the old file or the new one, never one
// being written, and a crash leaves one or the other: the data goes to a
// new 0600 file in the same directory, is synced, and is renamed (or
// linked) into place, and the directory is synced.
package atomicfile
