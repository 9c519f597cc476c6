# Root configuration for this environment. Every unit below this folder pulls it in with
#
#   include "root" {
#     path   = find_in_parent_folders()
#     expose = true
#   }
#
# Everything environment-specific lives in vars.yaml next to this file; this file and the
# units are the same in prod, uat and dev (uat/aws_backup also has a terraform.tfvars.json).

terraform_version_constraint  = ">= 1.5.7"
terragrunt_version_constraint = ">= 0.55.0"

locals {
  # When a unit includes this file the lookup starts from the unit's folder; when this file is
  # evaluated on its own (run-all from the environment folder) it falls back to the local copy.
  vars_file = find_in_parent_folders("vars.yaml", "${get_terragrunt_dir()}/vars.yaml")
  vars      = yamldecode(file(local.vars_file))
  org       = jsondecode(file(find_in_parent_folders("accounts.json")))

  account_id = tostring(local.vars.account_id)
  region     = local.vars.region
  project    = lower(local.vars.project)
  # Defaults to the name of the folder that holds vars.yaml (prod, uat, dev).
  environment = lower(coalesce(try(local.vars.environment, ""), basename(dirname(local.vars_file))))
  name_prefix = format("%s-%s", local.project, local.environment)
  is_prod     = local.environment == "prod"
  # Environments whose data must survive a destroy/re-create.
  long_lived = contains(["prod", "uat"], local.environment)

  # "rds", "route53/zones", ... ("." when this file is evaluated on its own).
  component = path_relative_to_include()

  # Names several units must agree on: the VPC writes its flow logs into a bucket the buckets
  # unit owns, Redis and MQ tag themselves with the secrets holding their credentials.
  bucket_names = {
    uploads       = format("%s-uploads", local.name_prefix)
    backups       = format("%s-backups", local.name_prefix)
    vpc_flow_logs = format("%s-vpc-flow-logs", local.name_prefix)
  }

  # Secrets Manager names: <project>/<environment>/<service>/<name>.
  secret_names = {
    db_app_password   = format("%s/%s/postgres/app-password", local.project, local.environment)
    redis_auth_token  = format("%s/%s/redis/auth-token", local.project, local.environment)
    mq_admin_password = format("%s/%s/mq/admin-password", local.project, local.environment)
    app_secret_key    = format("%s/%s/app/secret-key", local.project, local.environment)
  }

  # Tag the daily AWS Backup plan selects on (backup = "true").
  backup_tag = local.vars.backup.selection_tag

  common_tags = {
    Project            = local.project
    Environment        = local.environment
    Owner              = local.vars.tags.owner
    CostCenter         = tostring(local.vars.tags.cost_center)
    DataClassification = local.vars.tags.data_classification
    Component          = replace(local.component, "/", "-")
  }

  state_bucket = format("%s-terraform-state-%s", local.name_prefix, local.account_id)
  lock_table   = format("%s-terraform-locks", local.name_prefix)
}

# The environment folder itself is not a unit; only the folders below it are.
skip = local.component == "."

remote_state {
  backend = "s3"

  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }

  config = {
    bucket              = local.state_bucket
    key                 = "${local.component}/terraform.tfstate"
    region              = local.region
    encrypt             = true
    dynamodb_table      = local.lock_table
    s3_bucket_tags      = merge(local.common_tags, { Component = "terraform-state" })
    dynamodb_table_tags = merge(local.common_tags, { Component = "terraform-state" })
  }

  # CI sets this for `validate` jobs that run without AWS credentials.
  disable_init = get_env("TG_DISABLE_BACKEND_INIT", "false") == "true"
}

generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<EOF
provider "aws" {
  region              = "${local.region}"
  allowed_account_ids = ["${local.account_id}"]

  default_tags {
    tags = {
      ManagedBy      = "terragrunt"
      Repository     = "northwind/infrastructure-live"
      TerragruntPath = "${local.environment}/${local.component}"
%{if local.is_prod~}
      Compliance     = "pci-dss"
%{endif~}
    }
  }
}
EOF
}

terraform {
  extra_arguments "lock_timeout" {
    commands  = ["plan", "apply", "destroy", "import", "refresh"]
    arguments = ["-lock-timeout=20m"]
  }
}

# Shallow-merged into every unit's inputs; a unit's own `tags` wins.
inputs = {
  tags = local.common_tags
}
