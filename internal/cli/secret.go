package cli

import "github.com/qbiz/qbiz/internal/logging"

func secret(s string) logging.Secret { return logging.Secret(s) }
