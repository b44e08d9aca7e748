# presence-kit pre-break job on AWS Lambda: the Terraform twin of deploy/cloudformation/pre-break.yaml.
# Build the code first with `npm run package:lambda`; store the client secret in SSM first:
#   aws ssm put-parameter --type SecureString --name /presence-kit/pre-break/client-secret --value …

locals {
  lambda_zip = var.lambda_zip != "" ? var.lambda_zip : "${path.module}/../../dist/pre-break-lambda.zip"
  all_units  = var.management_unit_ids == "all"
  environment = merge(
    {
      GENESYSCLOUD_REGION                       = var.genesys_region
      GENESYSCLOUD_OAUTHCLIENT_ID               = var.genesys_client_id
      GENESYSCLOUD_OAUTHCLIENT_SECRET_PARAMETER = var.genesys_client_secret_parameter
      PRE_BREAK_ALL_MANAGEMENT_UNITS            = local.all_units ? "true" : "false"
      PRE_BREAK_PRESENCE_NAME                   = var.pre_break_presence_name
      PRE_BREAK_LEAD                            = var.lead_time
      PRE_BREAK_TICK                            = var.tick_duration
    },
    local.all_units ? {} : { PRE_BREAK_MANAGEMENT_UNIT_IDS = var.management_unit_ids },
    var.pre_break_presence_id == "" ? {} : { PRE_BREAK_PRESENCE_ID = var.pre_break_presence_id },
  )
}

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

resource "aws_cloudwatch_log_group" "pre_break" {
  name              = "/aws/lambda/presence-kit-pre-break"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "pre_break" {
  name = "presence-kit-pre-break"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "pre_break" {
  name = "presence-kit-pre-break"
  role = aws_iam_role.pre_break.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.pre_break.arn}:*"
      },
      {
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = "arn:${data.aws_partition.current.partition}:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter${var.genesys_client_secret_parameter}"
      },
      ],
      # GetParameter WithDecryption asks KMS as the function: a customer-managed key must let it.
      var.parameter_kms_key_arn == "" ? [] : [
        {
          Effect    = "Allow"
          Action    = "kms:Decrypt"
          Resource  = var.parameter_kms_key_arn
          Condition = { StringEquals = { "kms:ViaService" = "ssm.${data.aws_region.current.name}.amazonaws.com" } }
        },
    ])
  })
}

resource "aws_lambda_function" "pre_break" {
  function_name    = "presence-kit-pre-break"
  description      = "Switches On Queue agents to Pre-Break before their scheduled breaks (presence-kit)"
  runtime          = "nodejs22.x"
  handler          = "lambda.handler"
  filename         = local.lambda_zip
  source_code_hash = filebase64sha256(local.lambda_zip)
  memory_size      = 512
  timeout          = 55
  role             = aws_iam_role.pre_break.arn
  environment {
    variables = local.environment
  }
  depends_on = [aws_cloudwatch_log_group.pre_break]
}

# A failed tick throws; Lambda retries the same event (same window) for up to 5 minutes.
resource "aws_lambda_function_event_invoke_config" "pre_break" {
  function_name                = aws_lambda_function.pre_break.function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 300
}

resource "aws_cloudwatch_event_rule" "pre_break" {
  name                = "presence-kit-pre-break"
  description         = "One pre-break tick per event"
  schedule_expression = var.schedule_expression
}

resource "aws_cloudwatch_event_target" "pre_break" {
  rule      = aws_cloudwatch_event_rule.pre_break.name
  target_id = "PreBreakTarget"
  arn       = aws_lambda_function.pre_break.arn
}

resource "aws_lambda_permission" "pre_break" {
  statement_id  = "AllowExecutionFromEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.pre_break.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.pre_break.arn
}

# Every failed tick throws (a 403 naming a missing permission included), so Lambda's Errors metric
# is the job's health: one failed invocation in five minutes raises it.
resource "aws_cloudwatch_metric_alarm" "pre_break_errors" {
  alarm_name          = "presence-kit-pre-break-errors"
  alarm_description   = "A pre-break tick failed (its log line names why, e.g. the missing permission)"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.pre_break.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_topic_arn == "" ? [] : [var.alarm_topic_arn]
}
