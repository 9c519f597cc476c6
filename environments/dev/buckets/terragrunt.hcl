# S3 buckets of the environment, managed in one unit through the module's Terragrunt wrapper
# (inputs.items = one entry per bucket, inputs.defaults = shared arguments).

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/s3-bucket/aws//wrappers?version=4.1.2"
}

locals {
  vars        = include.root.locals.vars
  account_id  = include.root.locals.account_id
  region      = include.root.locals.region
  name_prefix = include.root.locals.name_prefix
  names       = include.root.locals.bucket_names
  tags        = include.root.locals.common_tags
  backup_tag  = include.root.locals.backup_tag

  buckets = local.vars.buckets
  app_url = format("https://app.%s", local.vars.dns.public_zone)

  # VPC flow logs are delivered by the log delivery service, which needs write access to the
  # AWSLogs/ prefix of this account only.
  flow_logs_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AWSLogDeliveryWrite",
          "Effect": "Allow",
          "Principal": { "Service": "delivery.logs.amazonaws.com" },
          "Action": "s3:PutObject",
          "Resource": "arn:aws:s3:::${local.names.vpc_flow_logs}/AWSLogs/${local.account_id}/*",
          "Condition": {
            "StringEquals": {
              "s3:x-amz-acl": "bucket-owner-full-control",
              "aws:SourceAccount": "${local.account_id}"
            },
            "ArnLike": { "aws:SourceArn": "arn:aws:logs:${local.region}:${local.account_id}:*" }
          }
        },
        {
          "Sid": "AWSLogDeliveryAclCheck",
          "Effect": "Allow",
          "Principal": { "Service": "delivery.logs.amazonaws.com" },
          "Action": ["s3:GetBucketAcl", "s3:ListBucket"],
          "Resource": "arn:aws:s3:::${local.names.vpc_flow_logs}",
          "Condition": {
            "StringEquals": { "aws:SourceAccount": "${local.account_id}" }
          }
        }
      ]
    }
  EOT
}

inputs = {
  defaults = {
    force_destroy = local.buckets.force_destroy

    control_object_ownership = true
    object_ownership         = "BucketOwnerEnforced"

    block_public_acls       = true
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = true

    attach_deny_insecure_transport_policy = true
    attach_require_latest_tls_policy      = true

    versioning = {
      enabled = true
    }

    server_side_encryption_configuration = {
      rule = {
        apply_server_side_encryption_by_default = {
          sse_algorithm = "AES256"
        }
      }
    }
  }

  items = {
    # User uploads (documents, avatars). Holds customer data: selected by the daily backup plan.
    uploads = {
      bucket = local.names.uploads

      server_side_encryption_configuration = {
        rule = {
          bucket_key_enabled = true
          apply_server_side_encryption_by_default = {
            sse_algorithm = "aws:kms"
          }
        }
      }

      cors_rule = [
        {
          allowed_methods = ["GET", "PUT", "POST"]
          allowed_origins = [local.app_url]
          allowed_headers = ["*"]
          expose_headers  = ["ETag"]
          max_age_seconds = 3000
        }
      ]

      lifecycle_rule = [
        {
          id                                     = "expire-noncurrent-versions"
          enabled                                = true
          abort_incomplete_multipart_upload_days = 7
          noncurrent_version_expiration = {
            days = local.buckets.uploads.noncurrent_expire_after_days
          }
        }
      ]

      tags = merge(local.tags, {
        Name    = local.names.uploads
        Purpose = "user-uploads"
        backup  = local.backup_tag.value
      })
    }

    # Nightly pg_dump exports written by a CronJob in EKS. Also selected by the backup plan so
    # the exports get a copy in the backup vault.
    backups = {
      bucket = local.names.backups

      lifecycle_rule = [
        {
          id      = "archive-then-expire"
          enabled = true
          filter = {
            prefix = "exports/"
          }
          transition = [
            {
              days          = local.buckets.backups.glacier_after_days
              storage_class = "GLACIER_IR"
            }
          ]
          expiration = {
            days = local.buckets.backups.expire_after_days
          }
          noncurrent_version_expiration = {
            days = 7
          }
        }
      ]

      tags = merge(local.tags, {
        Name    = local.names.backups
        Purpose = "application-backups"
        backup  = local.backup_tag.value
      })
    }

    # Destination of the VPC flow logs (see ../vpc). Parquet, hourly partitions.
    vpc_flow_logs = {
      bucket        = local.names.vpc_flow_logs
      attach_policy = true
      policy        = local.flow_logs_policy

      lifecycle_rule = [
        {
          id      = "expire-flow-logs"
          enabled = true
          filter = {
            prefix = "AWSLogs/"
          }
          transition = [
            {
              days          = 30
              storage_class = "STANDARD_IA"
            }
          ]
          expiration = {
            days = local.vars.network.flow_logs.expire_after_days
          }
          noncurrent_version_expiration = {
            days = 1
          }
        }
      ]

      tags = merge(local.tags, {
        Name    = local.names.vpc_flow_logs
        Purpose = "vpc-flow-logs"
        backup  = "false"
      })
    }
  }
}
