# Amazon MQ for RabbitMQ. Single instance outside prod, a three-node cluster in prod.
# The admin password comes from ../aws_secrets; the module also mirrors the credentials into
# SSM Parameter Store under /<project>/mq/.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///cloudposse/mq-broker/aws?version=3.1.0"
}

dependency "vpc" {
  config_path = "../vpc"

  mock_outputs = {
    vpc_id          = "vpc-0a1b2c3d4e5f60000"
    private_subnets = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"]
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security_groups"

  mock_outputs = {
    wrapper = {
      mq = { security_group_id = "sg-0f1e2d3c4b5a69005" }
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "secrets" {
  config_path = "../aws_secrets"

  mock_outputs = {
    wrapper = {
      mq_admin_password = {
        secret_arn    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:mock-mq-admin-password-AbCdEf"
        secret_string = "mock-mq-admin-password-0123456789"
      }
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

locals {
  vars    = include.root.locals.vars
  project = include.root.locals.project
  tags    = include.root.locals.common_tags
  mq      = local.vars.mq

  # A single-instance broker takes exactly one subnet; a cluster spreads over all of them.
  # (Terragrunt evaluates locals before dependencies, so the subnets are picked in inputs.)
  single_instance = local.mq.deployment_mode == "SINGLE_INSTANCE"
}

inputs = {
  # null-label context: the broker is named <namespace>-<stage>-<name>, e.g. northwind-uat-rabbitmq.
  namespace = local.project
  stage     = include.root.locals.environment
  name      = "rabbitmq"

  vpc_id     = dependency.vpc.outputs.vpc_id
  subnet_ids = local.single_instance ? [dependency.vpc.outputs.private_subnets[0]] : dependency.vpc.outputs.private_subnets

  engine_type                = local.mq.engine_type
  engine_version             = local.mq.engine_version
  host_instance_type         = local.mq.host_instance_type
  deployment_mode            = local.mq.deployment_mode
  auto_minor_version_upgrade = true
  apply_immediately          = include.root.locals.is_prod ? false : true
  publicly_accessible        = false

  # RabbitMQ brokers support general logs only (no audit log).
  general_log_enabled = true
  audit_log_enabled   = false

  encryption_enabled = true
  use_aws_owned_key  = true

  maintenance_day_of_week = local.mq.maintenance_day_of_week
  maintenance_time_of_day = local.mq.maintenance_time_of_day
  maintenance_time_zone   = "UTC"

  mq_admin_user     = [local.mq.admin_user]
  mq_admin_password = [dependency.secrets.outputs.wrapper.mq_admin_password.secret_string]
  ssm_path          = format("%s/mq", local.project)

  create_security_group         = false
  associated_security_group_ids = [dependency.security_groups.outputs.wrapper.mq.security_group_id]

  tags = merge(local.tags, {
    Service             = "rabbitmq"
    AdminPasswordSecret = include.root.locals.secret_names.mq_admin_password
  })
}
