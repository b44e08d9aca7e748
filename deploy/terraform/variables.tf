# Same settings as deploy/cloudformation/pre-break.yaml's parameters.

variable "genesys_region" {
  type        = string
  default     = "us-east-1"
  description = "Genesys Cloud region of the org (us-east-1, eu-west-1, mypurecloud.ie, ...)"
}

variable "genesys_client_id" {
  type        = string
  description = "The pre-break job's OAuth client id (from .presence-kit/pre-break.credentials.json)"
  validation {
    condition     = can(regex("^[0-9a-fA-F-]{36}$", var.genesys_client_id))
    error_message = "genesys_client_id is the OAuth client's id (a UUID)."
  }
}

variable "genesys_client_secret_parameter" {
  type        = string
  default     = "/presence-kit/pre-break/client-secret"
  description = "Name of the SSM SecureString parameter holding the OAuth client secret (never the secret itself)"
}

variable "management_unit_ids" {
  type        = string
  default     = "all"
  description = "Comma-separated WFM management unit ids, or \"all\" for every unit the client can see"
}

variable "pre_break_presence_id" {
  type        = string
  default     = ""
  description = "The Pre-Break presence definition id; empty = look it up by pre_break_presence_name"
}

variable "pre_break_presence_name" {
  type        = string
  default     = "Pre-Break"
  description = "Name of the presence to set when pre_break_presence_id is empty"
}

variable "lead_time" {
  type        = string
  default     = "15m"
  description = "How long before a break agents are switched"
}

variable "tick_duration" {
  type        = string
  default     = "1m"
  description = "The schedule's period; must match schedule_expression"
}

variable "schedule_expression" {
  type        = string
  default     = "rate(1 minute)"
  description = "EventBridge schedule; one tick per event"
}

variable "log_retention_days" {
  type    = number
  default = 14
}

variable "lambda_zip" {
  type        = string
  default     = ""
  description = "The package `npm run package:lambda` writes; empty = dist/pre-break-lambda.zip in the repository"
}

variable "parameter_kms_key_arn" {
  type        = string
  default     = ""
  description = "ARN of the customer-managed KMS key the SecureString is encrypted with; empty = the AWS managed key aws/ssm, which needs no grant. With a key of your own the function is given kms:Decrypt on it (through SSM only)"
}

variable "alarm_topic_arn" {
  type        = string
  default     = ""
  description = "SNS topic the errors alarm notifies (a failed tick: a missing permission, a refused call, the deadline); empty = the alarm only shows in CloudWatch"
}
