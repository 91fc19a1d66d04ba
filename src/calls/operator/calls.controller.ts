import { Body, Get, HttpCode, Param, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError, DomainErrorCode } from '../../common/errors/domain.error';
import { InvalidCursorError } from '../../store';
import { CallsService } from '../calls.service';
import { DeadlineInterceptor } from '../deadline/deadline.interceptor';
import { deadlineScopeOf } from '../deadline/deadline.scope';
import { CallIdPipe } from './call-id.pipe';
import { AnswerCallDto } from './dto/answer-call.dto';
import { DEFAULT_PAGE_SIZE, ListCallsQuery } from './dto/list-calls.query';
import { CallListView, CallView, toCallView } from './dto/call.view';
import { RedirectCallDto } from './dto/redirect-call.dto';
import { RejectCallDto } from './dto/reject-call.dto';
import { OperatorApiController } from './operator-api.decorator';
import { OperatorDecisions } from './operator-decisions.service';

/** The calls this service handles, and decisions on deferred ones (docs/operations.md). */
@OperatorApiController()
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly decisions: OperatorDecisions,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Calls in the store, newest first, one page at a time (terminated ones until their ' +
      'retention ends); `nextCursor` fetches the next page.',
  })
  @ApiOkResponse({ type: CallListView })
  @ApiBadRequestResponse({ description: 'An invalid filter, page size or cursor.' })
  async list(@Query() query: ListCallsQuery): Promise<CallListView> {
    const { limit, cursor, ...filters } = query;
    try {
      const page = await this.calls.page({ filters, limit: limit ?? DEFAULT_PAGE_SIZE, cursor });
      return { value: page.calls.map(toCallView), nextCursor: page.nextCursor };
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new DomainError(DomainErrorCode.InvalidRequest, 'cursor: not a cursor of this list');
      }
      throw error;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'One call; the id matches case-insensitively.' })
  @ApiOkResponse({ type: CallView })
  @ApiBadRequestResponse({
    description: 'The id has characters other than letters, digits, - and _.',
  })
  @ApiNotFoundResponse()
  async get(@Param('id', CallIdPipe) id: string): Promise<CallView> {
    const call = await this.calls.get(id);
    if (!call) throw new DomainError(DomainErrorCode.CallNotFound, `call ${id} not found`);
    return toCallView(call);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @UseInterceptors(DeadlineInterceptor)
  @ApiOperation({ summary: 'Answer a deferred call.' })
  @DecisionResponses()
  async answer(
    @Param('id', CallIdPipe) id: string,
    @Body() body: AnswerCallDto,
    @Req() request: FastifyRequest,
  ): Promise<CallView> {
    const call = await this.decisions.decide(
      id,
      { type: 'answer', ...body },
      deadlineScopeOf(request),
    );
    return toCallView(call);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @UseInterceptors(DeadlineInterceptor)
  @ApiOperation({ summary: 'Reject a deferred call.' })
  @DecisionResponses()
  async reject(
    @Param('id', CallIdPipe) id: string,
    @Body() body: RejectCallDto,
    @Req() request: FastifyRequest,
  ): Promise<CallView> {
    const call = await this.decisions.decide(
      id,
      { type: 'reject', ...body },
      deadlineScopeOf(request),
    );
    return toCallView(call);
  }

  @Post(':id/redirect')
  @HttpCode(200)
  @UseInterceptors(DeadlineInterceptor)
  @ApiOperation({ summary: 'Redirect a deferred call.' })
  @DecisionResponses()
  async redirect(
    @Param('id', CallIdPipe) id: string,
    @Body() body: RedirectCallDto,
    @Req() request: FastifyRequest,
  ): Promise<CallView> {
    const call = await this.decisions.decide(
      id,
      { type: 'redirect', ...body },
      deadlineScopeOf(request),
    );
    return toCallView(call);
  }
}

/** The answers every decision route shares. */
function DecisionResponses(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const decorate of [
      ApiOkResponse({
        type: CallView,
        description: 'Sent to Graph (or, on failure, `outcome` and `error` say why).',
      }),
      ApiBadRequestResponse({ description: 'Invalid body or call id.' }),
      ApiNotFoundResponse({ description: 'Unknown call.' }),
      ApiConflictResponse({ description: 'Already decided, or not waiting for an operator.' }),
      ApiGoneResponse({ description: 'The call deadline has passed.' }),
    ]) {
      decorate(target, key, descriptor);
    }
  };
}
