// Package tokencache is the qbiz CLI's secret store: IdP refresh and ID
// tokens, Identity Center tokens and the short-lived AWS credentials of
// each profile, plus the profile's OAuth client secret.
//
// Storage is github.com/99designs/keyring:
//   - Backend "" (the default) uses the OS keyring, trying Secret Service,
//     macOS Keychain, Windows Credential Manager, the Linux kernel keyring
//     (keyctl) and pass, in that order. The file backend is never chosen
//     automatically: when no OS keyring is reachable Open fails with
//     ErrNoSecureBackend, whose message tells the user to set
//     QBIZ_KEYRING_BACKEND=file. There is no plaintext fallback.
//   - Backend "file" is an encrypted file store in the keyring library's
//     file format (one JWE per item, PBES2-HS256+A128KW / A256GCM) in
//     $XDG_DATA_HOME/qbiz/keyring, else ~/.local/share/qbiz/keyring,
//     implemented here (filekeyring.go) so that every write is atomic
//     (temp file in the same directory, fsync, rename): a concurrent
//     reader sees the old item or the new one, never part of one. Its
//     passphrase comes from the QBIZ_KEYRING_PASSWORD environment variable
//     when set (for CI and headless hosts; anyone who can read the process
//     environment can then read the store, so prefer the prompt on
//     workstations), else from the injected Prompt function, else Open
//     fails. The first write fixes the cache's passphrase in a check file;
//     a write or read under another fails with ErrWrongPassphrase, so one
//     passphrase always opens every item (CheckPassphrase tests it up
//     front).
//
// Each profile's entry is one JSON keyring item, and the entry carries
// the identity (issuer and subject) it belongs to: signing in as someone
// else overwrites the previous user's entry, and callers holding a
// session check the identity of what they read (Entry.CheckIdentity).
// An entry that exists but cannot be read back (truncated, garbled, not
// opening with the cache's passphrase) is an *UnreadableError naming its
// file; Put replaces it and Delete removes it.
// Stores written with the earlier layout (a per-profile pointer to an
// entry filed under the identity key) are still read, and Put and Delete
// remove those items.
//
// Files this package writes (items, lock files, the file backend's
// directory) are created 0600/0700 whatever the umask, never through a
// symbolic link; an existing item file that is a link is refused and a
// wider mode tightened.
//
// Lock serialises sign-in and refresh per profile across goroutines and
// processes: an flock-protected lease record in a lock file. A holder
// renews its lease while it runs; a crashed holder's lease is taken over
// as soon as its process is gone (same host) or when the lease runs out.
//
// Fast path for `qbiz credentials`: there is deliberately no second cache.
// The AWS credentials live in the same keyring item as the tokens, so a
// warm call costs exactly one keyring read (with the file backend, one
// PBES2 key derivation: jose2go's fixed 8192 PBKDF2-SHA256 iterations). A separate encrypted file
// would need its key from the keyring anyway (no read saved) or a key kept
// on disk next to it (obfuscation, not encryption).
package tokencache
