//go:build !mutant_ssehub && !mutant_pooledbuf

package api

// deliver writes one encoded frame to rw's own client. (The isolation
// soak's mutants replace this function; see e2e/isolation_*.)
func deliver(rw *response, frame []byte) (int, error) { return rw.w.Write(frame) }
