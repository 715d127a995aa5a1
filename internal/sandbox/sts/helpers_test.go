package sts_test

import (
	"encoding/base64"
	"io"
)

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func ioCopy(w io.Writer, r io.Reader) (int64, error) { return io.Copy(w, r) }
