# AWS Backup: one vault and one daily plan. Resources opt in with the tag backup = "true"
# (RDS and the buckets that hold customer data); recovery points are kept for 7 days.

include "root" {
  path   = find_in_parent_folders()
  expose = true
}

terraform {
  source = "tfr:///lgallard/backup/aws?version=0.23.2"
}

# Selection is by tag, but the first run should find the tagged resources already there.
dependencies {
  paths = ["../rds", "../buckets"]
}

locals {
  vars        = include.root.locals.vars
  name_prefix = include.root.locals.name_prefix
  tags        = include.root.locals.common_tags
  backup      = local.vars.backup
}

inputs = {
  vault_name    = local.backup.vault_name
  iam_role_name = format("%s-aws-backup", local.name_prefix)

  plan_name = local.backup.plan_name
  rules = [
    {
      name              = local.backup.rule_name
      schedule          = local.backup.schedule
      start_window      = local.backup.start_window_minutes
      completion_window = local.backup.completion_window_minutes
      lifecycle = {
        delete_after = local.backup.retention_days
      }
      recovery_point_tags = {
        BackupPlan  = local.backup.plan_name
        Environment = include.root.locals.environment
      }
    },
  ]

  selections = [
    {
      name = format("%s-tagged", local.name_prefix)
      selection_tags = [
        {
          type  = "STRINGEQUALS"
          key   = local.backup.selection_tag.key
          value = local.backup.selection_tag.value
        },
      ]
    },
  ]

  tags = merge(local.tags, {
    Service = "backup"
  })
}
