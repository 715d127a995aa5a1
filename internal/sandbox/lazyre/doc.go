// Package lazyre holds regular expressions that compile on first use. The
// sandbox is linked into the qbiz binary, so patterns compiled at package
// initialisation would slow down every command, not just the ones that
// serve an emulated API.
package lazyre
