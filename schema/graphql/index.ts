import { builder } from './builder'
import './types/scalars'
import './types/enums'
import './types/money'
import './types/dates'
import './types/source'
import './types/body'
import './types/supplier'
import './types/programme'
import './types/contract'
import './types/claim'
import './types/evidenced-fact'
import './types/foi'
import './types/search'
import './types/spend'
import './types/spend-answers'

builder.queryType({ description: 'consultwatch: where UK public money goes on consultants and outsourcing, with sources.' })

export const schema = builder.toSchema({ sortSchema: true })
