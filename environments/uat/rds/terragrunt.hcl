# Main PostgreSQL database. The master password is generated and rotated by RDS and kept in
# Secrets Manager (manage_master_user_password); applications use the northwind_app role whose
# password lives in ../aws_secrets.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///terraform-aws-modules/rds/aws?version=6.10.0"
}

dependency "vpc" {
  config_path = "../vpc"

  mock_outputs = {
    vpc_id                     = "vpc-0a1b2c3d4e5f60000"
    database_subnet_group_name = "mock-database-subnet-group"
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

dependency "security_groups" {
  config_path = "../security_groups"

  mock_outputs = {
    wrapper = {
      rds = { security_group_id = "sg-0f1e2d3c4b5a69003" }
    }
  }
  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
}

locals {
  vars        = include.root.locals.vars
  name_prefix = include.root.locals.name_prefix
  is_prod     = include.root.locals.is_prod
  tags        = include.root.locals.common_tags
  backup_tag  = include.root.locals.backup_tag
  db          = local.vars.rds
}

inputs = {
  identifier = format("%s-postgres", local.name_prefix)

  engine               = "postgres"
  engine_version       = local.db.engine_version
  family               = local.db.family
  major_engine_version = local.db.major_engine_version
  instance_class       = local.db.instance_class

  storage_type          = "gp3"
  allocated_storage     = local.db.allocated_storage
  max_allocated_storage = local.db.max_allocated_storage
  storage_encrypted     = true

  db_name                     = local.db.db_name
  username                    = local.db.username
  port                        = local.db.port
  manage_master_user_password = true

  multi_az               = local.db.multi_az
  db_subnet_group_name   = dependency.vpc.outputs.database_subnet_group_name
  vpc_security_group_ids = [dependency.security_groups.outputs.wrapper.rds.security_group_id]

  maintenance_window      = local.db.maintenance_window
  backup_window           = local.db.backup_window
  backup_retention_period = local.db.backup_retention_period
  copy_tags_to_snapshot   = true

  enabled_cloudwatch_logs_exports        = ["postgresql", "upgrade"]
  create_cloudwatch_log_group            = true
  cloudwatch_log_group_retention_in_days = local.vars.logs.retention_days

  # Enhanced monitoring every 30 seconds, with a role created by the module.
  monitoring_interval    = local.db.monitoring_interval
  create_monitoring_role = true
  monitoring_role_name   = format("%s-rds-monitoring", local.name_prefix)

  performance_insights_enabled          = local.db.performance_insights_enabled
  performance_insights_retention_period = 7

  deletion_protection = local.db.deletion_protection
  skip_final_snapshot = include.root.locals.long_lived ? false : true
  apply_immediately   = local.is_prod ? false : true

  parameters = [
    {
      name  = "rds.force_ssl"
      value = "1"
    },
    {
      name  = "log_min_duration_statement"
      value = "1000"
    },
    {
      name         = "shared_preload_libraries"
      value        = "pg_stat_statements"
      apply_method = "pending-reboot"
    },
  ]

  # Picked up by the daily AWS Backup plan (../aws_backup).
  tags = merge(local.tags, {
    Name    = format("%s-postgres", local.name_prefix)
    Service = "postgres"
    backup  = local.backup_tag.value
  })
}
