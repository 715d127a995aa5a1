package provision

import "strings"

// accountOf is the account field of an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:...).
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}
