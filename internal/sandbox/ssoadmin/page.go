package ssoadmin

import (
	"encoding/base64"
	"strconv"
)

// page returns the slice of items a NextToken/MaxResults pair selects and the
// token of the following page ("" at the end).
func page[T any](items []T, token string, max int) ([]T, string, error) {
	start := 0
	if token != "" {
		raw, err := base64.StdEncoding.DecodeString(token)
		n, perr := strconv.Atoi(string(raw))
		if err != nil || perr != nil || n < 0 || n > len(items) {
			return nil, "", errValidation("The NextToken is invalid")
		}
		start = n
	}
	end := len(items)
	if max > 0 && start+max < end {
		end = start + max
	}
	next := ""
	if end < len(items) {
		next = base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	}
	return items[start:end], next, nil
}
