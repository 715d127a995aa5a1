package sts_test

import (
	"encoding/base64"
	"io"
	"strings"

	iamsvc "github.com/qbiz/qbiz/internal/sandbox/iam"
)

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func ioCopy(w io.Writer, r io.Reader) (int64, error) { return io.Copy(w, r) }

func ioNop(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }

func newEmptyStore() *iamsvc.Store { return iamsvc.NewStore("123456789012") }
