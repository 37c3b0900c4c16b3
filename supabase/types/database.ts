
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "api_keys": {
                  Row: {
                    "created_at": string,"expires_at": string | null,"id": string,"key_hash": string,"last_used_at": string | null,"name": string,"prefix": string,"prompt_ids": (string)[] | null,"revoked_at": string | null,"scopes": (string)[],"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"expires_at"?: string | null,"id"?: string,"key_hash": string,"last_used_at"?: string | null,"name": string,"prefix": string,"prompt_ids"?: (string)[] | null,"revoked_at"?: string | null,"scopes"?: (string)[],"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"expires_at"?: string | null,"id"?: string,"key_hash"?: string,"last_used_at"?: string | null,"name"?: string,"prefix"?: string,"prompt_ids"?: (string)[] | null,"revoked_at"?: string | null,"scopes"?: (string)[],"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"artifacts": {
                  Row: {
                    "artifact_type": string | null,"content": string,"content_hash": string,"content_type": string,"created_at": string,"file_name": string,"file_path": string,"gate_execution_id": string,"gate_id": string,"id": string,"run_id": string,"size_bytes": number,"storage_url": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "artifact_type"?: string | null,"content": string,"content_hash": string,"content_type"?: string,"created_at"?: string,"file_name": string,"file_path": string,"gate_execution_id": string,"gate_id": string,"id"?: string,"run_id": string,"size_bytes": number,"storage_url"?: string | null
                  }
                  Update: {
                    "artifact_type"?: string | null,"content"?: string,"content_hash"?: string,"content_type"?: string,"created_at"?: string,"file_name"?: string,"file_path"?: string,"gate_execution_id"?: string,"gate_id"?: string,"id"?: string,"run_id"?: string,"size_bytes"?: number,"storage_url"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "artifacts_gate_execution_id_fkey"
      columns: ["gate_execution_id"]
isOneToOne: false
      referencedRelation: "gate_executions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "artifacts_run_id_fkey"
      columns: ["run_id"]
isOneToOne: false
      referencedRelation: "workflow_runs"
      referencedColumns: ["id"]
    }
                  ]
                },"audit_log": {
                  Row: {
                    "action": string,"actor_id": string | null,"actor_role": string,"after": Json | null,"api_key_id": string | null,"before": Json | null,"changed_columns": (string)[] | null,"id": number,"occurred_at": string,"record_id": string | null,"subject_user_id": string | null,"table_name": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"actor_id"?: string | null,"actor_role": string,"after"?: Json | null,"api_key_id"?: string | null,"before"?: Json | null,"changed_columns"?: (string)[] | null,"id"?: never,"occurred_at"?: string,"record_id"?: string | null,"subject_user_id"?: string | null,"table_name": string
                  }
                  Update: {
                    "action"?: string,"actor_id"?: string | null,"actor_role"?: string,"after"?: Json | null,"api_key_id"?: string | null,"before"?: Json | null,"changed_columns"?: (string)[] | null,"id"?: never,"occurred_at"?: string,"record_id"?: string | null,"subject_user_id"?: string | null,"table_name"?: string
                  }
                  Relationships: [
                    
                  ]
                },"audit_settings": {
                  Row: {
                    "id": boolean,"retention_days": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: boolean,"retention_days"?: number,"updated_at"?: string
                  }
                  Update: {
                    "id"?: boolean,"retention_days"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"budget_alerts": {
                  Row: {
                    "alert_ratio": number,"created_at": string,"limit_usd": number,"month": string,"spend_usd": number,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "alert_ratio": number,"created_at"?: string,"limit_usd": number,"month": string,"spend_usd": number,"user_id": string
                  }
                  Update: {
                    "alert_ratio"?: number,"created_at"?: string,"limit_usd"?: number,"month"?: string,"spend_usd"?: number,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"catalogs": {
                  Row: {
                    "created_at": string,"description": string | null,"id": string,"name": string,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"description"?: string | null,"id"?: string,"name": string,"updated_at"?: string,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"description"?: string | null,"id"?: string,"name"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"feedback": {
                  Row: {
                    "admin_response": string | null,"browser_info": Json | null,"category_id": string | null,"created_at": string,"device_info": Json | null,"feedback_type": Database["public"]['Enums']["feedback_type"],"id": string,"message": string,"page": string | null,"priority": Database["public"]['Enums']["feedback_priority"],"prompt_id": string | null,"rating": number | null,"resolved_at": string | null,"responded_at": string | null,"responder_id": string | null,"run_id": string | null,"status": Database["public"]['Enums']["feedback_status"],"updated_at": string,"user_agent": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "admin_response"?: string | null,"browser_info"?: Json | null,"category_id"?: string | null,"created_at"?: string,"device_info"?: Json | null,"feedback_type"?: Database["public"]['Enums']["feedback_type"],"id"?: string,"message": string,"page"?: string | null,"priority"?: Database["public"]['Enums']["feedback_priority"],"prompt_id"?: string | null,"rating"?: number | null,"resolved_at"?: string | null,"responded_at"?: string | null,"responder_id"?: string | null,"run_id"?: string | null,"status"?: Database["public"]['Enums']["feedback_status"],"updated_at"?: string,"user_agent"?: string | null,"user_id"?: string
                  }
                  Update: {
                    "admin_response"?: string | null,"browser_info"?: Json | null,"category_id"?: string | null,"created_at"?: string,"device_info"?: Json | null,"feedback_type"?: Database["public"]['Enums']["feedback_type"],"id"?: string,"message"?: string,"page"?: string | null,"priority"?: Database["public"]['Enums']["feedback_priority"],"prompt_id"?: string | null,"rating"?: number | null,"resolved_at"?: string | null,"responded_at"?: string | null,"responder_id"?: string | null,"run_id"?: string | null,"status"?: Database["public"]['Enums']["feedback_status"],"updated_at"?: string,"user_agent"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "feedback_category_id_fkey"
      columns: ["category_id"]
isOneToOne: false
      referencedRelation: "feedback_categories"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "feedback_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "feedback_run_id_fkey"
      columns: ["run_id"]
isOneToOne: false
      referencedRelation: "runs"
      referencedColumns: ["id"]
    }
                  ]
                },"feedback_analytics": {
                  Row: {
                    "avg_rating": number | null,"avg_response_time_hours": number | null,"day": string,"feedback_by_priority": NonNullable<Json>,"feedback_by_type": NonNullable<Json>,"resolved_feedback": number,"total_feedback": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avg_rating"?: number | null,"avg_response_time_hours"?: number | null,"day": string,"feedback_by_priority"?: NonNullable<Json>,"feedback_by_type"?: NonNullable<Json>,"resolved_feedback"?: number,"total_feedback"?: number,"updated_at"?: string
                  }
                  Update: {
                    "avg_rating"?: number | null,"avg_response_time_hours"?: number | null,"day"?: string,"feedback_by_priority"?: NonNullable<Json>,"feedback_by_type"?: NonNullable<Json>,"resolved_feedback"?: number,"total_feedback"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"feedback_categories": {
                  Row: {
                    "created_at": string,"description": string | null,"id": string,"is_active": boolean,"name": string,"parent_id": string | null,"sort_order": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"description"?: string | null,"id"?: string,"is_active"?: boolean,"name": string,"parent_id"?: string | null,"sort_order"?: number,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"description"?: string | null,"id"?: string,"is_active"?: boolean,"name"?: string,"parent_id"?: string | null,"sort_order"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "feedback_categories_parent_id_fkey"
      columns: ["parent_id"]
isOneToOne: false
      referencedRelation: "feedback_categories"
      referencedColumns: ["id"]
    }
                  ]
                },"feedback_tag_links": {
                  Row: {
                    "created_at": string,"feedback_id": string,"tag_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"feedback_id": string,"tag_id": string
                  }
                  Update: {
                    "created_at"?: string,"feedback_id"?: string,"tag_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "feedback_tag_links_feedback_id_fkey"
      columns: ["feedback_id"]
isOneToOne: false
      referencedRelation: "feedback"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "feedback_tag_links_tag_id_fkey"
      columns: ["tag_id"]
isOneToOne: false
      referencedRelation: "feedback_tags"
      referencedColumns: ["id"]
    }
                  ]
                },"feedback_tags": {
                  Row: {
                    "color": string,"created_at": string,"description": string | null,"id": string,"is_active": boolean,"name": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "color"?: string,"created_at"?: string,"description"?: string | null,"id"?: string,"is_active"?: boolean,"name": string,"updated_at"?: string
                  }
                  Update: {
                    "color"?: string,"created_at"?: string,"description"?: string | null,"id"?: string,"is_active"?: boolean,"name"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"gallery_categories": {
                  Row: {
                    "created_at": string,"description": string | null,"id": string,"is_active": boolean,"name": string,"sort_order": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"description"?: string | null,"id": string,"is_active"?: boolean,"name": string,"sort_order"?: number,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"description"?: string | null,"id"?: string,"is_active"?: boolean,"name"?: string,"sort_order"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"gate_executions": {
                  Row: {
                    "agent": string | null,"attempt": number,"completed_at": string | null,"cost_usd": number,"created_at": string,"duration_ms": number | null,"error_message": string | null,"fail_codes": (string)[],"gate_id": string,"gate_name": string,"gate_order": number,"id": string,"is_approval": boolean,"is_required": boolean,"lease_expires_at": string | null,"lease_owner": string | null,"max_attempts": number,"model": string | null,"model_run_id": string | null,"phase": string | null,"prompt_packet": string | null,"provider": string | null,"raw_output": string | null,"run_id": string,"stage_id": string,"started_at": string | null,"status": Database["public"]['Enums']["gate_status"],"tokens_in": number,"tokens_out": number,"validation_results": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "agent"?: string | null,"attempt"?: number,"completed_at"?: string | null,"cost_usd"?: number,"created_at"?: string,"duration_ms"?: number | null,"error_message"?: string | null,"fail_codes"?: (string)[],"gate_id": string,"gate_name": string,"gate_order": number,"id"?: string,"is_approval"?: boolean,"is_required"?: boolean,"lease_expires_at"?: string | null,"lease_owner"?: string | null,"max_attempts"?: number,"model"?: string | null,"model_run_id"?: string | null,"phase"?: string | null,"prompt_packet"?: string | null,"provider"?: string | null,"raw_output"?: string | null,"run_id": string,"stage_id": string,"started_at"?: string | null,"status"?: Database["public"]['Enums']["gate_status"],"tokens_in"?: number,"tokens_out"?: number,"validation_results"?: NonNullable<Json>
                  }
                  Update: {
                    "agent"?: string | null,"attempt"?: number,"completed_at"?: string | null,"cost_usd"?: number,"created_at"?: string,"duration_ms"?: number | null,"error_message"?: string | null,"fail_codes"?: (string)[],"gate_id"?: string,"gate_name"?: string,"gate_order"?: number,"id"?: string,"is_approval"?: boolean,"is_required"?: boolean,"lease_expires_at"?: string | null,"lease_owner"?: string | null,"max_attempts"?: number,"model"?: string | null,"model_run_id"?: string | null,"phase"?: string | null,"prompt_packet"?: string | null,"provider"?: string | null,"raw_output"?: string | null,"run_id"?: string,"stage_id"?: string,"started_at"?: string | null,"status"?: Database["public"]['Enums']["gate_status"],"tokens_in"?: number,"tokens_out"?: number,"validation_results"?: NonNullable<Json>
                  }
                  Relationships: [
                    {
      foreignKeyName: "gate_executions_model_run_id_fkey"
      columns: ["model_run_id"]
isOneToOne: false
      referencedRelation: "runs"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "gate_executions_run_id_fkey"
      columns: ["run_id"]
isOneToOne: false
      referencedRelation: "workflow_runs"
      referencedColumns: ["id"]
    }
                  ]
                },"models": {
                  Row: {
                    "created_at": string,"display_name": string,"id": string,"is_active": boolean,"is_default": boolean,"max_context_tokens": number | null,"price_per_1k_cached_input": number | null,"price_per_1k_input": number,"price_per_1k_output": number,"provider_id": string,"provider_model_id": string,"supports_streaming": boolean,"supports_structured_output": boolean,"supports_tools": boolean,"tier": Database["public"]['Enums']["model_tier"],"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"display_name": string,"id": string,"is_active"?: boolean,"is_default"?: boolean,"max_context_tokens"?: number | null,"price_per_1k_cached_input"?: number | null,"price_per_1k_input": number,"price_per_1k_output": number,"provider_id": string,"provider_model_id": string,"supports_streaming"?: boolean,"supports_structured_output"?: boolean,"supports_tools"?: boolean,"tier": Database["public"]['Enums']["model_tier"],"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"display_name"?: string,"id"?: string,"is_active"?: boolean,"is_default"?: boolean,"max_context_tokens"?: number | null,"price_per_1k_cached_input"?: number | null,"price_per_1k_input"?: number,"price_per_1k_output"?: number,"provider_id"?: string,"provider_model_id"?: string,"supports_streaming"?: boolean,"supports_structured_output"?: boolean,"supports_tools"?: boolean,"tier"?: Database["public"]['Enums']["model_tier"],"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "models_provider_id_fkey"
      columns: ["provider_id"]
isOneToOne: false
      referencedRelation: "providers"
      referencedColumns: ["id"]
    }
                  ]
                },"plan_limits": {
                  Row: {
                    "max_output_tokens": number,"max_prompt_chars": number,"model_tiers": (Database["public"]['Enums']["model_tier"])[],"plan": Database["public"]['Enums']["plan"],"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "max_output_tokens": number,"max_prompt_chars": number,"model_tiers": (Database["public"]['Enums']["model_tier"])[],"plan": Database["public"]['Enums']["plan"],"updated_at"?: string
                  }
                  Update: {
                    "max_output_tokens"?: number,"max_prompt_chars"?: number,"model_tiers"?: (Database["public"]['Enums']["model_tier"])[],"plan"?: Database["public"]['Enums']["plan"],"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"profiles": {
                  Row: {
                    "avatar_url": string | null,"created_at": string,"disabled_at": string | null,"disabled_reason": string | null,"display_name": string | null,"id": string,"plan": Database["public"]['Enums']["plan"],"role": Database["public"]['Enums']["user_role"],"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avatar_url"?: string | null,"created_at"?: string,"disabled_at"?: string | null,"disabled_reason"?: string | null,"display_name"?: string | null,"id": string,"plan"?: Database["public"]['Enums']["plan"],"role"?: Database["public"]['Enums']["user_role"],"updated_at"?: string
                  }
                  Update: {
                    "avatar_url"?: string | null,"created_at"?: string,"disabled_at"?: string | null,"disabled_reason"?: string | null,"display_name"?: string | null,"id"?: string,"plan"?: Database["public"]['Enums']["plan"],"role"?: Database["public"]['Enums']["user_role"],"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"prompt_answers": {
                  Row: {
                    "answer": string,"created_at": string,"id": string,"position": number,"prompt_id": string,"question_id": string,"question_text": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "answer": string,"created_at"?: string,"id"?: string,"position": number,"prompt_id": string,"question_id": string,"question_text": string,"user_id"?: string
                  }
                  Update: {
                    "answer"?: string,"created_at"?: string,"id"?: string,"position"?: number,"prompt_id"?: string,"question_id"?: string,"question_text"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "prompt_answers_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    }
                  ]
                },"prompt_favorites": {
                  Row: {
                    "created_at": string,"prompt_id": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"prompt_id": string,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"prompt_id"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "prompt_favorites_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "shared_prompts"
      referencedColumns: ["prompt_id"]
    }
                  ]
                },"prompt_forks": {
                  Row: {
                    "created_at": string,"prompt_id": string,"source_prompt_id": string | null,"source_title": string,"source_version_id": string | null,"source_version_number": number,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"prompt_id": string,"source_prompt_id"?: string | null,"source_title": string,"source_version_id"?: string | null,"source_version_number": number,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"prompt_id"?: string,"source_prompt_id"?: string | null,"source_title"?: string,"source_version_id"?: string | null,"source_version_number"?: number,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "prompt_forks_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: true
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prompt_forks_source_prompt_id_fkey"
      columns: ["source_prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prompt_forks_source_version_id_fkey"
      columns: ["source_version_id"]
isOneToOne: false
      referencedRelation: "prompt_versions"
      referencedColumns: ["id"]
    }
                  ]
                },"prompt_frameworks": {
                  Row: {
                    "components": NonNullable<Json>,"created_at": string,"description": string,"display_name": string,"enabled": boolean,"examples": NonNullable<Json>,"name": string,"sort_order": number,"template": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "components": NonNullable<Json>,"created_at"?: string,"description": string,"display_name": string,"enabled"?: boolean,"examples"?: NonNullable<Json>,"name": string,"sort_order"?: number,"template": string,"updated_at"?: string
                  }
                  Update: {
                    "components"?: NonNullable<Json>,"created_at"?: string,"description"?: string,"display_name"?: string,"enabled"?: boolean,"examples"?: NonNullable<Json>,"name"?: string,"sort_order"?: number,"template"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"prompt_label_history": {
                  Row: {
                    "from_version_id": string | null,"from_version_number": number | null,"id": number,"label": string,"moved_at": string,"moved_by": string | null,"prompt_id": string,"to_version_id": string | null,"to_version_number": number | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "from_version_id"?: string | null,"from_version_number"?: number | null,"id"?: never,"label": string,"moved_at"?: string,"moved_by"?: string | null,"prompt_id": string,"to_version_id"?: string | null,"to_version_number"?: number | null,"user_id": string
                  }
                  Update: {
                    "from_version_id"?: string | null,"from_version_number"?: number | null,"id"?: never,"label"?: string,"moved_at"?: string,"moved_by"?: string | null,"prompt_id"?: string,"to_version_id"?: string | null,"to_version_number"?: number | null,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "prompt_label_history_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    }
                  ]
                },"prompt_labels": {
                  Row: {
                    "label": string,"prompt_id": string,"updated_at": string,"user_id": string,"version_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "label": string,"prompt_id": string,"updated_at"?: string,"user_id"?: string,"version_id": string
                  }
                  Update: {
                    "label"?: string,"prompt_id"?: string,"updated_at"?: string,"user_id"?: string,"version_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "prompt_labels_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prompt_labels_version_fkey"
      columns: ["version_id","prompt_id"]
isOneToOne: false
      referencedRelation: "prompt_versions"
      referencedColumns: ["id","prompt_id"]
    }
                  ]
                },"prompt_likes": {
                  Row: {
                    "created_at": string,"prompt_id": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"prompt_id": string,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"prompt_id"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "prompt_likes_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "shared_prompts"
      referencedColumns: ["prompt_id"]
    }
                  ]
                },"prompt_tags": {
                  Row: {
                    "created_at": string,"prompt_id": string,"tag_id": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"prompt_id": string,"tag_id": string,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"prompt_id"?: string,"tag_id"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "prompt_tags_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prompt_tags_tag_id_fkey"
      columns: ["tag_id"]
isOneToOne: false
      referencedRelation: "tags"
      referencedColumns: ["id"]
    }
                  ]
                },"prompt_versions": {
                  Row: {
                    "content": string,"created_at": string,"created_by": string,"id": string,"messages": Json | null,"model_config": NonNullable<Json>,"prompt_id": string,"response_format": Json | null,"restored_from_version": number | null,"source": Database["public"]['Enums']["prompt_version_source"],"summary": string | null,"title": string,"user_id": string,"variables": NonNullable<Json>,"version_number": number,"prompt_version_json": Json | null
                  }
                  ComputedFields: "prompt_version_json"
                  Insert: {
                    "content": string,"created_at"?: string,"created_by"?: string,"id"?: string,"messages"?: Json | null,"model_config"?: NonNullable<Json>,"prompt_id": string,"response_format"?: Json | null,"restored_from_version"?: number | null,"source"?: Database["public"]['Enums']["prompt_version_source"],"summary"?: string | null,"title": string,"user_id"?: string,"variables"?: NonNullable<Json>,"version_number": number
                  }
                  Update: {
                    "content"?: string,"created_at"?: string,"created_by"?: string,"id"?: string,"messages"?: Json | null,"model_config"?: NonNullable<Json>,"prompt_id"?: string,"response_format"?: Json | null,"restored_from_version"?: number | null,"source"?: Database["public"]['Enums']["prompt_version_source"],"summary"?: string | null,"title"?: string,"user_id"?: string,"variables"?: NonNullable<Json>,"version_number"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "prompt_versions_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    }
                  ]
                },"prompts": {
                  Row: {
                    "catalog_id": string | null,"created_at": string,"current_version_id": string | null,"description": string | null,"gallery_category_id": string | null,"id": string,"name": string,"owner_search_vector": unknown,"published_at": string | null,"search_vector": unknown,"share_history": boolean,"status": Database["public"]['Enums']["prompt_status"],"title": string,"updated_at": string,"user_id": string,"visibility": Database["public"]['Enums']["prompt_visibility"],"last_run_id": string | null
                  }
                  ComputedFields: "last_run_id"
                  Insert: {
                    "catalog_id"?: string | null,"created_at"?: string,"current_version_id"?: string | null,"description"?: string | null,"gallery_category_id"?: string | null,"id"?: string,"name": string,"owner_search_vector"?: never,"published_at"?: string | null,"search_vector"?: unknown,"share_history"?: boolean,"status"?: Database["public"]['Enums']["prompt_status"],"title": string,"updated_at"?: string,"user_id"?: string,"visibility"?: Database["public"]['Enums']["prompt_visibility"]
                  }
                  Update: {
                    "catalog_id"?: string | null,"created_at"?: string,"current_version_id"?: string | null,"description"?: string | null,"gallery_category_id"?: string | null,"id"?: string,"name"?: string,"owner_search_vector"?: never,"published_at"?: string | null,"search_vector"?: unknown,"share_history"?: boolean,"status"?: Database["public"]['Enums']["prompt_status"],"title"?: string,"updated_at"?: string,"user_id"?: string,"visibility"?: Database["public"]['Enums']["prompt_visibility"]
                  }
                  Relationships: [
                    {
      foreignKeyName: "prompts_catalog_id_fkey"
      columns: ["catalog_id"]
isOneToOne: false
      referencedRelation: "catalogs"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prompts_current_version_id_fkey"
      columns: ["current_version_id"]
isOneToOne: false
      referencedRelation: "prompt_versions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "prompts_gallery_category_id_fkey"
      columns: ["gallery_category_id"]
isOneToOne: false
      referencedRelation: "gallery_categories"
      referencedColumns: ["id"]
    }
                  ]
                },"provider_keys": {
                  Row: {
                    "created_at": string,"encrypted_key": string,"id": string,"iv": string,"last4": string,"provider_id": string,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"encrypted_key": string,"id"?: string,"iv": string,"last4": string,"provider_id": string,"updated_at"?: string,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"encrypted_key"?: string,"id"?: string,"iv"?: string,"last4"?: string,"provider_id"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "provider_keys_provider_id_fkey"
      columns: ["provider_id"]
isOneToOne: false
      referencedRelation: "providers"
      referencedColumns: ["id"]
    }
                  ]
                },"providers": {
                  Row: {
                    "base_url": string,"created_at": string,"id": string,"is_enabled": boolean,"is_standin": boolean,"name": string,"requests_per_day": number | null,"requests_per_minute": number | null,"tokens_per_minute": number | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "base_url": string,"created_at"?: string,"id": string,"is_enabled"?: boolean,"is_standin"?: boolean,"name": string,"requests_per_day"?: number | null,"requests_per_minute"?: number | null,"tokens_per_minute"?: number | null,"updated_at"?: string
                  }
                  Update: {
                    "base_url"?: string,"created_at"?: string,"id"?: string,"is_enabled"?: boolean,"is_standin"?: boolean,"name"?: string,"requests_per_day"?: number | null,"requests_per_minute"?: number | null,"tokens_per_minute"?: number | null,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"run_events": {
                  Row: {
                    "created_at": string,"event_type": string,"id": string,"payload": Json | null,"prompt_id": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"event_type": string,"id"?: string,"payload"?: Json | null,"prompt_id"?: string | null,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"event_type"?: string,"id"?: string,"payload"?: Json | null,"prompt_id"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "run_events_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    }
                  ]
                },"run_logs": {
                  Row: {
                    "created_at": string,"data": Json | null,"id": number,"level": string,"message": string,"run_id": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"data"?: Json | null,"id"?: never,"level"?: string,"message": string,"run_id": string,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"data"?: Json | null,"id"?: never,"level"?: string,"message"?: string,"run_id"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "run_logs_run_id_fkey"
      columns: ["run_id"]
isOneToOne: false
      referencedRelation: "runs"
      referencedColumns: ["id"]
    }
                  ]
                },"runs": {
                  Row: {
                    "attempts": number,"completed_at": string | null,"cost_usd": number | null,"created_at": string,"error_message": string | null,"framework": string | null,"id": string,"idempotency_key": string | null,"input": NonNullable<Json>,"key_source": string | null,"kind": Database["public"]['Enums']["run_kind"],"label": string | null,"latency_ms": number | null,"length": Database["public"]['Enums']["builder_length"] | null,"max_tokens": number | null,"model": string,"model_metadata": Json | null,"output": Json | null,"price_snapshot": Json | null,"prompt_id": string | null,"provider_id": string | null,"resolved_messages": Json | null,"resolved_prompt": string | null,"started_at": string | null,"status": Database["public"]['Enums']["run_status"],"streamed": boolean,"temperature": number | null,"timeout_ms": number | null,"token_usage": Json | null,"tone": Database["public"]['Enums']["builder_tone"] | null,"user_id": string,"validation_results": Json | null,"validation_status": string | null,"variables": NonNullable<Json>,"version_id": string | null,"vibe_coding": boolean | null
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"completed_at"?: string | null,"cost_usd"?: number | null,"created_at"?: string,"error_message"?: string | null,"framework"?: string | null,"id"?: string,"idempotency_key"?: string | null,"input": NonNullable<Json>,"key_source"?: string | null,"kind"?: Database["public"]['Enums']["run_kind"],"label"?: string | null,"latency_ms"?: number | null,"length"?: Database["public"]['Enums']["builder_length"] | null,"max_tokens"?: number | null,"model": string,"model_metadata"?: Json | null,"output"?: Json | null,"price_snapshot"?: Json | null,"prompt_id"?: string | null,"provider_id"?: string | null,"resolved_messages"?: Json | null,"resolved_prompt"?: string | null,"started_at"?: string | null,"status"?: Database["public"]['Enums']["run_status"],"streamed"?: boolean,"temperature"?: number | null,"timeout_ms"?: number | null,"token_usage"?: Json | null,"tone"?: Database["public"]['Enums']["builder_tone"] | null,"user_id"?: string,"validation_results"?: Json | null,"validation_status"?: string | null,"variables"?: NonNullable<Json>,"version_id"?: string | null,"vibe_coding"?: boolean | null
                  }
                  Update: {
                    "attempts"?: number,"completed_at"?: string | null,"cost_usd"?: number | null,"created_at"?: string,"error_message"?: string | null,"framework"?: string | null,"id"?: string,"idempotency_key"?: string | null,"input"?: NonNullable<Json>,"key_source"?: string | null,"kind"?: Database["public"]['Enums']["run_kind"],"label"?: string | null,"latency_ms"?: number | null,"length"?: Database["public"]['Enums']["builder_length"] | null,"max_tokens"?: number | null,"model"?: string,"model_metadata"?: Json | null,"output"?: Json | null,"price_snapshot"?: Json | null,"prompt_id"?: string | null,"provider_id"?: string | null,"resolved_messages"?: Json | null,"resolved_prompt"?: string | null,"started_at"?: string | null,"status"?: Database["public"]['Enums']["run_status"],"streamed"?: boolean,"temperature"?: number | null,"timeout_ms"?: number | null,"token_usage"?: Json | null,"tone"?: Database["public"]['Enums']["builder_tone"] | null,"user_id"?: string,"validation_results"?: Json | null,"validation_status"?: string | null,"variables"?: NonNullable<Json>,"version_id"?: string | null,"vibe_coding"?: boolean | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "runs_framework_fkey"
      columns: ["framework"]
isOneToOne: false
      referencedRelation: "prompt_frameworks"
      referencedColumns: ["name"]
    },{
      foreignKeyName: "runs_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "runs_version_id_fkey"
      columns: ["version_id"]
isOneToOne: false
      referencedRelation: "prompt_versions"
      referencedColumns: ["id"]
    }
                  ]
                },"shared_prompts": {
                  Row: {
                    "author_name": string,"category_id": string | null,"content": string,"created_at": string,"description": string | null,"forks_count": number,"head_vector": unknown,"likes_count": number,"model_config": NonNullable<Json>,"prompt_id": string,"published_at": string | null,"search_vector": unknown,"show_history": boolean,"slug": string,"tags": (string)[],"title": string,"updated_at": string,"user_id": string,"uses_count": number,"variables": NonNullable<Json>,"version_id": string | null,"version_number": number | null,"visibility": Database["public"]['Enums']["prompt_visibility"]
                  }
                  ComputedFields: never
                  Insert: {
                    "author_name": string,"category_id"?: string | null,"content"?: string,"created_at"?: string,"description"?: string | null,"forks_count"?: number,"head_vector"?: never,"likes_count"?: number,"model_config"?: NonNullable<Json>,"prompt_id": string,"published_at"?: string | null,"search_vector"?: unknown,"show_history"?: boolean,"slug"?: string,"tags"?: (string)[],"title": string,"updated_at"?: string,"user_id": string,"uses_count"?: number,"variables"?: NonNullable<Json>,"version_id"?: string | null,"version_number"?: number | null,"visibility": Database["public"]['Enums']["prompt_visibility"]
                  }
                  Update: {
                    "author_name"?: string,"category_id"?: string | null,"content"?: string,"created_at"?: string,"description"?: string | null,"forks_count"?: number,"head_vector"?: never,"likes_count"?: number,"model_config"?: NonNullable<Json>,"prompt_id"?: string,"published_at"?: string | null,"search_vector"?: unknown,"show_history"?: boolean,"slug"?: string,"tags"?: (string)[],"title"?: string,"updated_at"?: string,"user_id"?: string,"uses_count"?: number,"variables"?: NonNullable<Json>,"version_id"?: string | null,"version_number"?: number | null,"visibility"?: Database["public"]['Enums']["prompt_visibility"]
                  }
                  Relationships: [
                    {
      foreignKeyName: "shared_prompts_category_id_fkey"
      columns: ["category_id"]
isOneToOne: false
      referencedRelation: "gallery_categories"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "shared_prompts_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: true
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    }
                  ]
                },"tags": {
                  Row: {
                    "created_at": string,"id": string,"name": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"id"?: string,"name": string,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"id"?: string,"name"?: string,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"user_budgets": {
                  Row: {
                    "alert_ratio": number,"monthly_limit_usd": number | null,"updated_at": string,"updated_by": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "alert_ratio"?: number,"monthly_limit_usd"?: number | null,"updated_at"?: string,"updated_by"?: string | null,"user_id": string
                  }
                  Update: {
                    "alert_ratio"?: number,"monthly_limit_usd"?: number | null,"updated_at"?: string,"updated_by"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    
                  ]
                },"user_settings": {
                  Row: {
                    "auto_cleanup": boolean,"created_at": string,"default_model": string | null,"framework": string | null,"max_history_days": number,"retention_policy": Database["public"]['Enums']["retention_policy"],"theme": Database["public"]['Enums']["theme"],"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "auto_cleanup"?: boolean,"created_at"?: string,"default_model"?: string | null,"framework"?: string | null,"max_history_days"?: number,"retention_policy"?: Database["public"]['Enums']["retention_policy"],"theme"?: Database["public"]['Enums']["theme"],"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "auto_cleanup"?: boolean,"created_at"?: string,"default_model"?: string | null,"framework"?: string | null,"max_history_days"?: number,"retention_policy"?: Database["public"]['Enums']["retention_policy"],"theme"?: Database["public"]['Enums']["theme"],"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "user_settings_framework_fkey"
      columns: ["framework"]
isOneToOne: false
      referencedRelation: "prompt_frameworks"
      referencedColumns: ["name"]
    }
                  ]
                },"validators": {
                  Row: {
                    "config": NonNullable<Json>,"created_at": string,"enabled": boolean,"id": string,"name": string,"prompt_id": string,"type": Database["public"]['Enums']["validator_type"],"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "config": NonNullable<Json>,"created_at"?: string,"enabled"?: boolean,"id"?: string,"name": string,"prompt_id": string,"type": Database["public"]['Enums']["validator_type"],"updated_at"?: string,"user_id"?: string
                  }
                  Update: {
                    "config"?: NonNullable<Json>,"created_at"?: string,"enabled"?: boolean,"id"?: string,"name"?: string,"prompt_id"?: string,"type"?: Database["public"]['Enums']["validator_type"],"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "validators_prompt_id_fkey"
      columns: ["prompt_id"]
isOneToOne: false
      referencedRelation: "prompts"
      referencedColumns: ["id"]
    }
                  ]
                },"workflow_runs": {
                  Row: {
                    "completed_at": string | null,"created_at": string,"current_gate": string | null,"display_name": string,"gates_failed": number,"gates_passed": number,"gates_skipped": number,"id": string,"intent": NonNullable<Json>,"pause_reason": string | null,"pinned_prompts": NonNullable<Json>,"project_slug": string,"spec_id": string,"started_at": string | null,"status": Database["public"]['Enums']["workflow_run_status"],"template_id": string,"total_cost_usd": number,"total_gates": number,"total_tokens_in": number,"total_tokens_out": number,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "completed_at"?: string | null,"created_at"?: string,"current_gate"?: string | null,"display_name": string,"gates_failed"?: number,"gates_passed"?: number,"gates_skipped"?: number,"id"?: string,"intent": NonNullable<Json>,"pause_reason"?: string | null,"pinned_prompts"?: NonNullable<Json>,"project_slug": string,"spec_id": string,"started_at"?: string | null,"status"?: Database["public"]['Enums']["workflow_run_status"],"template_id": string,"total_cost_usd"?: number,"total_gates": number,"total_tokens_in"?: number,"total_tokens_out"?: number,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "completed_at"?: string | null,"created_at"?: string,"current_gate"?: string | null,"display_name"?: string,"gates_failed"?: number,"gates_passed"?: number,"gates_skipped"?: number,"id"?: string,"intent"?: NonNullable<Json>,"pause_reason"?: string | null,"pinned_prompts"?: NonNullable<Json>,"project_slug"?: string,"spec_id"?: string,"started_at"?: string | null,"status"?: Database["public"]['Enums']["workflow_run_status"],"template_id"?: string,"total_cost_usd"?: number,"total_gates"?: number,"total_tokens_in"?: number,"total_tokens_out"?: number,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "workflow_runs_spec_id_fkey"
      columns: ["spec_id"]
isOneToOne: false
      referencedRelation: "workflow_specs"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workflow_runs_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "workflow_templates"
      referencedColumns: ["id"]
    }
                  ]
                },"workflow_specs": {
                  Row: {
                    "artifact_type": string | null,"content_hash": string,"cost_profile": NonNullable<Json>,"created_at": string,"created_by": string | null,"id": string,"intent_schema": NonNullable<Json>,"is_active": boolean,"output_formats": (string)[],"output_guarantees": NonNullable<Json>,"qa_config": NonNullable<Json>,"stages": NonNullable<Json>,"template_id": string,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "artifact_type"?: string | null,"content_hash": string,"cost_profile"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"id"?: string,"intent_schema"?: NonNullable<Json>,"is_active"?: boolean,"output_formats"?: (string)[],"output_guarantees"?: NonNullable<Json>,"qa_config"?: NonNullable<Json>,"stages": NonNullable<Json>,"template_id": string,"version": number
                  }
                  Update: {
                    "artifact_type"?: string | null,"content_hash"?: string,"cost_profile"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"id"?: string,"intent_schema"?: NonNullable<Json>,"is_active"?: boolean,"output_formats"?: (string)[],"output_guarantees"?: NonNullable<Json>,"qa_config"?: NonNullable<Json>,"stages"?: NonNullable<Json>,"template_id"?: string,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "workflow_specs_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "workflow_templates"
      referencedColumns: ["id"]
    }
                  ]
                },"workflow_templates": {
                  Row: {
                    "created_at": string,"created_by": string | null,"depth": string,"description": string,"estimated_minutes": number | null,"id": string,"is_active": boolean,"is_featured": boolean,"name": string,"slug": string,"sort_order": number,"step_count": number,"tags": (string)[],"type": string,"updated_at": string,"what_you_get": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"depth"?: string,"description"?: string,"estimated_minutes"?: number | null,"id"?: string,"is_active"?: boolean,"is_featured"?: boolean,"name": string,"slug": string,"sort_order"?: number,"step_count"?: number,"tags"?: (string)[],"type": string,"updated_at"?: string,"what_you_get"?: NonNullable<Json>
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"depth"?: string,"description"?: string,"estimated_minutes"?: number | null,"id"?: string,"is_active"?: boolean,"is_featured"?: boolean,"name"?: string,"slug"?: string,"sort_order"?: number,"step_count"?: number,"tags"?: (string)[],"type"?: string,"updated_at"?: string,"what_you_get"?: NonNullable<Json>
                  }
                  Relationships: [
                    
                  ]
                }
          }
          Views: {
            "admin_cost_by_model": {
                  Row: {
                    "cost_usd": number | null,"input_tokens": number | null,"model": string | null,"output_tokens": number | null,"runs": number | null
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                },"admin_daily_runs": {
                  Row: {
                    "cost_usd": number | null,"day": string | null,"failed": number | null,"runs": number | null,"users": number | null
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                },"admin_errors_by_provider": {
                  Row: {
                    "errors": number | null,"last_error_at": string | null,"provider_id": string | null,"runs": number | null,"timeouts": number | null
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                },"admin_user_overview": {
                  Row: {
                    "cost_this_month_usd": number | null,"cost_total_usd": number | null,"created_at": string,"disabled_at": string | null,"disabled_reason": string | null,"display_name": string | null,"email": string | null,"last_run_at": string | null,"plan": Database["public"]['Enums']["plan"],"role": Database["public"]['Enums']["user_role"],"runs_this_month": number | null,"runs_total": number | null,"user_id": string
                  }
                  ComputedFields: never
                  Relationships: [
                    
                  ]
                }
          }
          Functions: {
            "admin_dashboard":
{ Args: { "p_days"?: number }; Returns: Json
                           },
"admin_runs":
{ Args: { "p_after_created_at"?: string,"p_after_id"?: string,"p_limit"?: number,"p_model"?: string,"p_provider_id"?: string,"p_since"?: string,"p_status"?: Database["public"]['Enums']["run_status"],"p_until"?: string,"p_user_id"?: string }; Returns: {
              "completed_at": string,"cost_usd": number,"created_at": string,"email": string,"error_message": string,"id": string,"input_tokens": number,"kind": string,"latency_ms": number,"model": string,"output_tokens": number,"prompt_id": string,"provider_id": string,"status": Database["public"]['Enums']["run_status"],"user_id": string
            }[]
                           },
"admin_set_feedback_tags":
{ Args: { "p_feedback_id": string,"p_names": (string)[] }; Returns: (string)[]
                           },
"admin_set_user":
{ Args: { "p_disabled"?: boolean,"p_plan"?: Database["public"]['Enums']["plan"],"p_reason"?: string,"p_role"?: Database["public"]['Enums']["user_role"],"p_user_id": string }; Returns: {
              "cost_this_month_usd": number | null,
"cost_total_usd": number | null,
"created_at": string,
"disabled_at": string | null,
"disabled_reason": string | null,
"display_name": string | null,
"email": string | null,
"last_run_at": string | null,
"plan": Database["public"]['Enums']["plan"],
"role": Database["public"]['Enums']["user_role"],
"runs_this_month": number | null,
"runs_total": number | null,
"user_id": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "admin_user_overview"
        isOneToOne: false
        isSetofReturn: true
      } },
"admin_user_emails":
{ Args: { "p_ids": (string)[] }; Returns: {
              "email": string,"user_id": string
            }[]
                           },
"admin_users":
{ Args: { "p_limit"?: number,"p_offset"?: number,"p_search"?: string }; Returns: {
              "cost_this_month_usd": number | null,
"cost_total_usd": number | null,
"created_at": string,
"disabled_at": string | null,
"disabled_reason": string | null,
"display_name": string | null,
"email": string | null,
"last_run_at": string | null,
"plan": Database["public"]['Enums']["plan"],
"role": Database["public"]['Enums']["user_role"],
"runs_this_month": number | null,
"runs_total": number | null,
"user_id": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "admin_user_overview"
        isOneToOne: false
        isSetofReturn: true
      } },
"admin_workflow_costs":
{ Args: { "p_since"?: string }; Returns: {
              "avg_gate_duration_ms": number,"avg_run_latency_ms": number,"cost_usd": number,"gate_executions": number,"model": string,"provider": string,"single_runs": number,"tokens_in": number,"tokens_out": number
            }[]
                           },
"api_key_lookup":
{ Args: { "key_hash": string }; Returns: {
              "api_key_id": string,"is_expired": boolean,"is_revoked": boolean,"prompt_ids": (string)[],"scopes": (string)[],"user_id": string
            }[]
                           },
"assemble_framework":
{ Args: { "components": Json,"framework": string,"length"?: Database["public"]['Enums']["builder_length"],"tone"?: Database["public"]['Enums']["builder_tone"],"vibe_coding"?: boolean }; Returns: string
                           },
"cancel_workflow_run":
{ Args: { "p_run": string }; Returns: undefined
                           },
"claim_workflow_gate":
{ Args: { "p_lease_seconds"?: number,"p_worker": string }; Returns: {
              "attempt": number,"checks": Json,"gate_execution_id": string,"gate_id": string,"lease_expires_at": string,"max_attempts": number,"model": string,"prompt_packet": string,"run_id": string,"spec_hash": string,"stage": Json,"stage_id": string,"user_id": string
            }[]
                           },
"complete_workflow_gate":
{ Args: { "p_artifacts"?: Json,"p_claim_next_lease_seconds"?: number,"p_error"?: string,"p_error_code"?: string,"p_gate": string,"p_model_run_id": string,"p_output": string,"p_results"?: Json,"p_worker": string }; Returns: {
              "gate_status": Database["public"]['Enums']["gate_status"],"next_claim": Json,"pause_reason": string,"run_status": Database["public"]['Enums']["workflow_run_status"]
            }[]
                           },
"create_api_key":
{ Args: { "expires_at"?: string,"name": string,"prompt_ids"?: (string)[],"scopes"?: (string)[] }; Returns: {
              "created_at": string,"id": string,"key": string,"prefix": string
            }[]
                           },
"create_prompt":
{ Args: { "catalog_id"?: string,"content": string,"description"?: string,"messages"?: Json,"model_config"?: Json,"response_format"?: Json,"source"?: Database["public"]['Enums']["prompt_version_source"],"status"?: Database["public"]['Enums']["prompt_status"],"summary"?: string,"tags"?: (string)[],"title": string,"variables"?: Json,"visibility"?: Database["public"]['Enums']["prompt_visibility"] }; Returns: string
                           },
"create_prompt_with_answers":
{ Args: { "answers"?: Json,"catalog_id"?: string,"content": string,"description"?: string,"model_config"?: Json,"tags"?: (string)[],"title": string,"variables"?: Json }; Returns: string
                           },
"daily_maintenance":
{ Args: { "batch_size"?: number,"max_batches"?: number }; Returns: Json
                           },
"decide_workflow_approval":
{ Args: { "p_approve": boolean,"p_run": string }; Returns: undefined
                           },
"discard_run":
{ Args: { "p_run_id": string }; Returns: boolean
                           },
"export_library":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"export_library_head":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"export_library_page":
{ Args: { "after_catalog"?: string,"after_id"?: string,"after_title"?: string,"page_size"?: number }; Returns: {
              "last_catalog": string,"last_id": string,"last_title": string,"prompt_count": number,"prompts": string
            }[]
                           },
"fetch_prompt":
{ Args: { "p_label"?: string,"p_name"?: string,"p_prompt_id"?: string,"p_version"?: number }; Returns: Json
                           },
"finish_run":
{ Args: { "p_attempts"?: number,"p_error_message"?: string,"p_latency_ms"?: number,"p_logs"?: Json,"p_model_metadata"?: Json,"p_output"?: string,"p_run_id": string,"p_status": Database["public"]['Enums']["run_status"],"p_token_usage"?: Json,"p_validation_results"?: Json,"p_validation_status"?: string }; Returns: {
              "attempts": number,
"completed_at": string | null,
"cost_usd": number | null,
"created_at": string,
"error_message": string | null,
"framework": string | null,
"id": string,
"idempotency_key": string | null,
"input": NonNullable<Json>,
"key_source": string | null,
"kind": Database["public"]['Enums']["run_kind"],
"label": string | null,
"latency_ms": number | null,
"length": Database["public"]['Enums']["builder_length"] | null,
"max_tokens": number | null,
"model": string,
"model_metadata": Json | null,
"output": Json | null,
"price_snapshot": Json | null,
"prompt_id": string | null,
"provider_id": string | null,
"resolved_messages": Json | null,
"resolved_prompt": string | null,
"started_at": string | null,
"status": Database["public"]['Enums']["run_status"],
"streamed": boolean,
"temperature": number | null,
"timeout_ms": number | null,
"token_usage": Json | null,
"tone": Database["public"]['Enums']["builder_tone"] | null,
"user_id": string,
"validation_results": Json | null,
"validation_status": string | null,
"variables": NonNullable<Json>,
"version_id": string | null,
"vibe_coding": boolean | null
            }[]
                          SetofOptions: {
        from: "*"
        to: "runs"
        isOneToOne: false
        isSetofReturn: true
      } },
"fork_prompt":
{ Args: { "p_catalog_id"?: string,"p_prompt_id"?: string,"p_slug"?: string,"p_title"?: string }; Returns: string
                           },
"gallery_prompt":
{ Args: { "p_prompt_id": string }; Returns: Json
                           },
"get_database_stats":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"get_popular_templates":
{ Args: { "category_filter"?: string,"limit_count"?: number }; Returns: Database["public"]['CompositeTypes']["gallery_card"][]
                          SetofOptions: {
        from: "*"
        to: "gallery_card"
        isOneToOne: false
        isSetofReturn: true
      } },
"health_check":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"import_library":
{ Args: { "document": Json }; Returns: Json
                           },
"integrity_check":
{ Args: Record<PropertyKey, never>; Returns: {
              "check_name": string,"description": string,"issues": number,"sample": Json
            }[]
                           },
"last_run_id":
{ Args: { "p": Omit<Database["public"]['Tables']["prompts"]['Row'], Database["public"]['Tables']["prompts"]['ComputedFields']> }; Returns: string
                           },
"month_spend":
{ Args: Record<PropertyKey, never>; Returns: number
                           },
"move_label":
{ Args: { "p_label": string,"p_prompt_id": string,"p_version_id"?: string,"p_version_number"?: number }; Returns: Json
                           },
"prepare_run":
{ Args: { "p_fallback_model"?: string,"p_idempotency_key"?: string,"p_label"?: string,"p_max_tokens"?: number,"p_model"?: string,"p_prompt_id": string,"p_prompt_name"?: string,"p_standin_default"?: boolean,"p_temperature"?: number,"p_version_id"?: string,"p_with_keys"?: boolean }; Returns: {
              "content": string,"description": string,"existing_run_id": string,"existing_run_prompt_id": string,"label": string,"max_prompt_chars": number,"max_tokens": number,"messages": Json,"model": Json,"model_config": Json,"model_name": string,"plan": string,"prompt_id": string,"prompt_name": string,"providers": Json,"refusal": Json,"response_format": Json,"temperature": number,"title": string,"validators": Json,"variables": Json,"version_id": string,"version_number": number
            }[]
                           },
"prompt_detail":
{ Args: { "prompt_id": string }; Returns: Json
                           },
"prompt_sharing":
{ Args: { "p_prompt_id": string }; Returns: Json
                           },
"prompt_version_json":
{ Args: { "v": Omit<Database["public"]['Tables']["prompt_versions"]['Row'], Database["public"]['Tables']["prompt_versions"]['ComputedFields']> }; Returns: Json
                           },
"record_budget_alert":
{ Args: { "p_spend_usd": number }; Returns: boolean
                           },
"record_prompt_event":
{ Args: { "event_type": string,"payload"?: Json,"prompt_id": string }; Returns: string
                           },
"render_prompt":
{ Args: { "p_label"?: string,"p_name"?: string,"p_prompt_id"?: string,"p_variables"?: Json,"p_version"?: number }; Returns: Json
                           },
"require_live_session":
{ Args: Record<PropertyKey, never>; Returns: undefined
                           },
"restore_prompt_version":
{ Args: { "version_id": string }; Returns: {
              "content": string,
"created_at": string,
"created_by": string,
"id": string,
"messages": Json | null,
"model_config": NonNullable<Json>,
"prompt_id": string,
"response_format": Json | null,
"restored_from_version": number | null,
"source": Database["public"]['Enums']["prompt_version_source"],
"summary": string | null,
"title": string,
"user_id": string,
"variables": NonNullable<Json>,
"version_number": number
            }
                          SetofOptions: {
        from: "*"
        to: "prompt_versions"
        isOneToOne: true
        isSetofReturn: false
      } },
"retry_workflow_gate":
{ Args: { "p_run": string }; Returns: undefined
                           },
"rotate_share_link":
{ Args: { "p_prompt_id": string }; Returns: Json
                           },
"run_metrics":
{ Args: { "days": number }; Returns: Json
                           },
"search_gallery":
{ Args: { "category"?: string,"cursor"?: string,"query"?: string,"result_limit"?: number,"sort"?: string }; Returns: Database["public"]['CompositeTypes']["gallery_card"][]
                          SetofOptions: {
        from: "*"
        to: "gallery_card"
        isOneToOne: false
        isSetofReturn: true
      } },
"search_prompts":
{ Args: { "catalog_id"?: string,"cursor"?: string,"query": string,"result_limit"?: number,"tag"?: string }; Returns: Database["public"]['CompositeTypes']["prompt_search_result"][]
                          SetofOptions: {
        from: "*"
        to: "prompt_search_result"
        isOneToOne: false
        isSetofReturn: true
      } },
"security_audit":
{ Args: Record<PropertyKey, never>; Returns: {
              "check_name": string,"detail": string,"object_name": string,"severity": string
            }[]
                           },
"set_prompt_sharing":
{ Args: { "p_category_id"?: string,"p_prompt_id": string,"p_show_history"?: boolean,"p_visibility"?: Database["public"]['Enums']["prompt_visibility"] }; Returns: Json
                           },
"set_prompt_tags":
{ Args: { "names": (string)[],"prompt_id": string }; Returns: {
              "created_at": string,
"id": string,
"name": string,
"user_id": string
            }[]
                          SetofOptions: {
        from: "*"
        to: "tags"
        isOneToOne: false
        isSetofReturn: true
      } },
"shared_prompt":
{ Args: { "p_slug": string }; Returns: Json
                           },
"skip_workflow_gate":
{ Args: { "p_run": string }; Returns: undefined
                           },
"start_run":
{ Args: { "p_builder"?: Json,"p_idempotency_key"?: string,"p_kind"?: Database["public"]['Enums']["run_kind"],"p_label"?: string,"p_max_tokens"?: number,"p_messages"?: Json,"p_model"?: string,"p_project_keys"?: (string)[],"p_prompt_id": string,"p_prompt_name"?: string,"p_standin"?: boolean,"p_streamed"?: boolean,"p_temperature"?: number,"p_text"?: string,"p_timeout_ms"?: number,"p_variables"?: Json,"p_version_id"?: string,"p_with_keys"?: boolean }; Returns: {
              "budget": Json,"label": string,"max_tokens": number,"messages": Json,"model_id": string,"plan": string,"price": Json,"prompt_id": string,"replayed": boolean,"resolved_prompt": string,"response_format": Json,"run_id": string,"target": Json,"temperature": number,"validators": Json,"version_id": string,"version_number": number
            }[]
                           },
"start_workflow_run":
{ Args: { "p_display_name"?: string,"p_intent": Json,"p_spec_id"?: string,"p_template": string }; Returns: string
                           }
          }
          Enums: {
            "builder_length": "short"|"medium"|"long","builder_tone": "neutral"|"professional"|"friendly"|"casual"|"formal"|"technical"|"persuasive","feedback_priority": "low"|"medium"|"high"|"urgent","feedback_status": "open"|"in_progress"|"resolved"|"closed","feedback_type": "bug"|"feature"|"general"|"support","gate_status": "pending"|"running"|"passed"|"failed"|"skipped"|"warning","model_tier": "top"|"mid"|"low","plan": "free"|"pro"|"enterprise","prompt_status": "draft"|"published"|"archived","prompt_version_source": "manual"|"restore"|"improve"|"import"|"builder"|"fork","prompt_visibility": "private"|"unlisted"|"public","retention_policy": "fourteen_days"|"thirty_days"|"always","run_kind": "prompt"|"improve"|"builder_questions"|"builder_template"|"builder_polish"|"gateway"|"workflow_gate","run_status": "pending"|"running"|"success"|"error"|"timeout"|"cancelled","theme": "system"|"light"|"dark","user_role": "user"|"admin","validator_type": "json_schema"|"regex"|"max_length"|"contains","workflow_run_status": "pending"|"running"|"paused"|"completed"|"failed"|"cancelled"
          }
          CompositeTypes: {
            "gallery_card": {
                        "id": string | null,"title": string | null,"description": string | null,"category_id": string | null,"tags": (string)[] | null,"author_name": string | null,"likes_count": number | null,"uses_count": number | null,"forks_count": number | null,"version_number": number | null,"excerpt": string | null,"published_at": string | null,"rank": number | null,"next_cursor": string | null
                      },"prompt_search_result": {
                        "id": string | null,"title": string | null,"catalog_id": string | null,"rank": number | null,"snippet": string | null,"updated_at": string | null,"next_cursor": string | null
                      }
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            "builder_length": ["short", "medium", "long"],"builder_tone": ["neutral", "professional", "friendly", "casual", "formal", "technical", "persuasive"],"feedback_priority": ["low", "medium", "high", "urgent"],"feedback_status": ["open", "in_progress", "resolved", "closed"],"feedback_type": ["bug", "feature", "general", "support"],"gate_status": ["pending", "running", "passed", "failed", "skipped", "warning"],"model_tier": ["top", "mid", "low"],"plan": ["free", "pro", "enterprise"],"prompt_status": ["draft", "published", "archived"],"prompt_version_source": ["manual", "restore", "improve", "import", "builder", "fork"],"prompt_visibility": ["private", "unlisted", "public"],"retention_policy": ["fourteen_days", "thirty_days", "always"],"run_kind": ["prompt", "improve", "builder_questions", "builder_template", "builder_polish", "gateway", "workflow_gate"],"run_status": ["pending", "running", "success", "error", "timeout", "cancelled"],"theme": ["system", "light", "dark"],"user_role": ["user", "admin"],"validator_type": ["json_schema", "regex", "max_length", "contains"],"workflow_run_status": ["pending", "running", "paused", "completed", "failed", "cancelled"]
          }
        }
} as const
